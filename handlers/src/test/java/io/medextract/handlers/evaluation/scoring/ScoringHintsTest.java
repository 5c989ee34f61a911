package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import org.junit.jupiter.api.Test;

/** How field kinds come from the schema and from the template's evaluation hints. */
class ScoringHintsTest {

    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false,
             "required": ["admitted", "severity", "count", "codes", "weight", "note", "items"],
             "properties": {
               "admitted": {"type": "string", "format": "date"},
               "severity": {"type": "string", "enum": ["mild", "moderate", "severe"]},
               "count": {"type": "integer"},
               "codes": {"type": "array", "items": {"type": "string"}},
               "weight": {"type": "string"},
               "note": {"type": "string"},
               "items": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                   "required": ["code", "label"],
                   "properties": {"code": {"type": "string"}, "label": {"type": "string"}}}}}}""";

    @Test
    void kindsAreInferredFromTheSchema() throws Exception {
        DocumentScore score = new ExtractionScorer(json(SCHEMA)).score(json("{}"), json("{}"));

        assertThat(score.fields()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().kind()).containsExactly(
                "admitted=date", "severity=enum", "count=number", "codes[]=text", "weight=text", "note=text",
                "items[].code=text", "items[].label=text");
    }

    @Test
    void hintsOverrideKindsAndIgnoredFieldsAreNotScored() throws Exception {
        JsonNode hints = json("""
                {"dateOrder": "day-first", "fields": {"codes[]": "icd10", "weight": {"quantity": ["kg", "lb"]},
                 "note": "ignore", "items": {"list": {"key": "label"}}}}""");
        ExtractionScorer scorer = new ExtractionScorer(json(SCHEMA), hints);

        DocumentScore score = scorer.score(
                json("""
                        {"admitted": "03/04/2025", "codes": ["E11.9", "I10"], "weight": "70 kg", "note": "a",
                         "items": [{"code": "A", "label": "first"}, {"code": "B", "label": "second"}]}"""),
                json("""
                        {"admitted": "2025-04-03", "codes": ["I10", "E11.65"], "weight": "154.3 lb", "note": "b",
                         "items": [{"code": "B", "label": "first"}, {"code": "B", "label": "second"}]}"""));

        assertThat(score.fields()).doesNotContainKey("note");
        assertThat(score.fields().get("admitted").matched()).isEqualTo(1);
        assertThat(score.fields().get("weight").matched()).isEqualTo(1);
        FieldScore codes = score.fields().get("codes[]");
        assertThat(new int[] {codes.matched(), codes.wrong(), codes.categoryMatched()}).containsExactly(1, 1, 2);
        // Paired by label (the hinted key), so the code of "first" counts wrong, not the items missing and extra.
        assertThat(score.fields().get("items[].code").wrong()).isEqualTo(1);
        assertThat(score.lists().get("items").matched()).isEqualTo(1);
    }

    @Test
    void hintsThatDoNotFitTheSchemaAreAllNamed() throws Exception {
        JsonNode hints = json("""
                {"fields": {"admited": "date", "count": "colour", "weight": {"quantity": ["stone"]},
                 "items": {"list": {"key": "missing"}}}}""");

        assertThat(EvaluationHints.problems(json(SCHEMA), hints)).hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("'admited' names no field"))
                .anySatisfy(p -> assertThat(p).contains("unknown kind 'colour'"))
                .anySatisfy(p -> assertThat(p).contains("unknown unit 'stone'"))
                .anySatisfy(p -> assertThat(p).contains("'missing' is not a plain property"));
        assertThatThrownBy(() -> new ExtractionScorer(json(SCHEMA), hints))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("admited");
        assertThat(EvaluationHints.problems(json(SCHEMA), null)).isEmpty();
        assertThat(EvaluationHints.problems(json(SCHEMA),
                json("{\"fields\": {\"weight\": {\"quantity\": [\"kg\"], \"unitField\": \"unit\"}}}")))
                .singleElement().asString().contains("unitField: 'unit' is not a plain property beside it");
        assertThat(EvaluationHints.problems(json(SCHEMA),
                json("{\"fields\": {\"weight\": {\"quantity\": [\"mg/dL\", \"mmol/L\", \"mEq/L\"]}}}")))
                .singleElement().asString().contains("unknown unit 'mEq/L'");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }
}
