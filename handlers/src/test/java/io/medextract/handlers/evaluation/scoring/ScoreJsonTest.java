package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores are stored and served as JSON: they carry their rates and read back equal. */
class ScoreJsonTest {

    @Test
    void fieldScoresShowTheirRatesAndIcdFieldsTheirCategoryRates() throws Exception {
        JsonNode icd = Json.mapper().valueToTree(new FieldScore("icd10", 3, 1, 2, 0, 4));
        JsonNode text = Json.mapper().valueToTree(new FieldScore("text", 3, 1, 2, 0, 0));

        assertThat(icd.get("precision").asDouble()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(icd.get("recall").asDouble()).isCloseTo(3.0 / 6, within(1e-12));
        // One of the two wrong codes had the right category: 4 matched, 1 wrong, 1 missing.
        assertThat(icd.get("categoryPrecision").asDouble()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(icd.get("categoryRecall").asDouble()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(icd.get("categoryF1").asDouble()).isCloseTo(8.0 / 11, within(1e-12));
        assertThat(text.has("categoryF1")).isFalse();
    }

    @Test
    void summariesComparisonsAndDecisionsReadBackEqual() throws Exception {
        ExtractionScorer scorer = new ExtractionScorer(Json.mapper().readTree("""
                {"type": "object", "properties": {"code": {"type": "string"}, "tags": {"type": "array",
                 "items": {"type": "string"}}}}"""), Json.mapper().readTree("{\"fields\": {\"code\": \"icd10\"}}"));
        DocumentScore a = scorer.score(Json.mapper().readTree("{\"code\": \"E11.9\", \"tags\": [\"x\"]}"),
                Json.mapper().readTree("{\"code\": \"E11.65\", \"tags\": [\"x\", \"y\"]}"));
        DocumentScore b = scorer.score(Json.mapper().readTree("{\"code\": \"I10\"}"),
                Json.mapper().readTree("{\"code\": \"I10\"}"));
        EvaluationSummary summary = EvaluationSummary.of(List.of(a, b));
        PairedComparison comparison = PairedComparison.of(List.of(a, b), List.of(b, b));

        for (Object value : List.of(a, summary, comparison, EvaluationGate.DEFAULT.decide(comparison))) {
            String json = Json.mapper().writeValueAsString(value);
            assertThat(Json.mapper().readValue(json, value.getClass())).as(json).isEqualTo(value);
        }
        assertThat(summary.fields().get("code").categoryMatched()).isEqualTo(2);
        assertThat(summary.exactDocumentAccuracy()).isEqualTo(0.5);
    }
}
