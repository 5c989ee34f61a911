package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole library as an evaluation run uses it: two prompt versions extract the same labelled documents,
 * each is scored, summarised, compared pair by pair, and the gate picks the better one.
 */
class TwoPromptVersionsTest {

    private static final PromptTemplate TEMPLATE = PromptRegistry.load(null, true).find("clinical-summary@1").orElseThrow();
    private static final ExtractionScorer SCORER = new ExtractionScorer(TEMPLATE.schema(), TEMPLATE.evaluation());

    @Test
    void theVersionThatDropsDosesAndCodesLosesAndIsRefused() throws Exception {
        List<DocumentScore> careful = new ArrayList<>();
        List<DocumentScore> sloppy = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JsonNode truth = labelled(i);
            careful.add(SCORER.score(truth, rewritten(truth)));
            sloppy.add(SCORER.score(truth, withoutDosesAndCodes(rewritten(truth), i)));
        }

        EvaluationSummary good = EvaluationSummary.of(careful);
        EvaluationSummary bad = EvaluationSummary.of(sloppy);
        assertThat(good.exactDocuments()).isEqualTo(12);
        assertThat(good.overall().f1()).isEqualTo(1.0);
        // The sloppy version leaves out 2 doses and 1 code in every document it touches (all but i % 4 == 0).
        assertThat(bad.exactDocuments()).isEqualTo(3);
        assertThat(bad.fields().get("medications[].dose").missing()).isEqualTo(18);
        assertThat(bad.fields().get("diagnoses[].icd10Code").missing()).isEqualTo(9);
        assertThat(bad.overall().missing()).isEqualTo(27);
        int filled = good.overall().matched();
        assertThat(bad.overall().recall()).isCloseTo((filled - 27.0) / filled, within(1e-12));

        PairedComparison sloppyAgainstCareful = PairedComparison.of(careful, sloppy);
        assertThat(sloppyAgainstCareful.onlyBaselineExact()).isEqualTo(9);
        assertThat(sloppyAgainstCareful.mcNemarPValue()).isCloseTo(2.0 / 512, within(1e-12));
        assertThat(sloppyAgainstCareful.f1DifferenceHigh()).isNegative();
        assertThat(EvaluationGate.DEFAULT.decide(sloppyAgainstCareful).passed()).isFalse();
        assertThat(EvaluationGate.DEFAULT.decide(PairedComparison.of(sloppy, careful)).passed()).isTrue();
    }

    /** A synthetic labelled document (no real patient data): two medications and two diagnoses. */
    private static JsonNode labelled(int i) throws Exception {
        return Json.mapper().readTree("""
                {"patient": {"name": "Test Patient %d", "dateOfBirth": "19%02d-0%d-1%d", "sex": "female",
                             "medicalRecordNumber": "SYN-%04d"},
                 "encounter": {"date": "2025-0%d-2%d", "type": "outpatient visit", "facility": "Synthetic Clinic"},
                 "diagnoses": [{"description": "Essential hypertension", "icd10Code": "I10", "status": "active"},
                               {"description": "Type 2 diabetes mellitus", "icd10Code": "E11.9", "status": "active"}],
                 "medications": [{"name": "Lisinopril", "dose": "%d mg", "route": "oral", "frequency": "once daily"},
                                 {"name": "Metformin", "dose": "500 mg", "route": "oral", "frequency": "twice daily"}],
                 "allergies": [], "vitals": [], "labs": [], "procedures": [], "providers": []}"""
                .formatted(i, 40 + i, 1 + i % 9, i % 10, i, 1 + i % 9, i % 10, 5 * (1 + i % 4)));
    }

    /** What a careful model writes: the same facts, spelled differently, lists in another order. */
    private static JsonNode rewritten(JsonNode truth) {
        ObjectNode copy = truth.deepCopy();
        ((ObjectNode) copy.get("patient")).put("name", copy.get("patient").get("name").asText().toUpperCase());
        ArrayNode medications = (ArrayNode) copy.get("medications");
        JsonNode first = medications.remove(0);
        medications.add(first);
        ((ObjectNode) medications.get(0)).put("frequency", "BID").put("route", "PO");
        return copy;
    }

    private static JsonNode withoutDosesAndCodes(JsonNode extraction, int i) {
        if (i % 4 == 0) {
            return extraction;
        }
        ObjectNode copy = extraction.deepCopy();
        copy.get("medications").forEach(m -> ((ObjectNode) m).put("dose", ""));
        ((ObjectNode) copy.get("diagnoses").get(1)).put("icd10Code", "");
        return copy;
    }
}
