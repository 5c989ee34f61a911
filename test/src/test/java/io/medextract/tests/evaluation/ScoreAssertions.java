package io.medextract.tests.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores worked out by hand for {@link EvaluationEndToEndTest}'s twelve documents (each: 3 diagnoses, 3
 * medications, 2 allergies, 4 vitals, 3 labs, 2 procedures, 2 providers). Version 1 writes a wrong date of birth
 * in every document and nothing else wrong; version 2 writes one wrong dose (Lisinopril, one document).
 */
final class ScoreAssertions {

    private ScoreAssertions() {}

    static void hand(JsonNode versionOne, JsonNode versionTwo) {
        JsonNode dob1 = versionOne.at("/scores/fields/patient.dateOfBirth");
        assertThat(dob1.get("matched").asInt()).as(dob1.toString()).isZero();
        assertThat(dob1.get("wrong").asInt()).isEqualTo(12);
        assertThat(dob1.get("missing").asInt()).isZero();
        assertThat(dob1.get("extra").asInt()).isZero();
        assertThat(dob1.get("precision").asDouble()).isZero();
        assertThat(dob1.get("f1").asDouble()).isZero();
        JsonNode dob2 = versionTwo.at("/scores/fields/patient.dateOfBirth");
        assertThat(dob2.get("matched").asInt()).isEqualTo(12);
        assertThat(dob2.get("f1").asDouble()).isEqualTo(1.0);

        // 12 documents x 3 medications = 36 doses; version 2 gets one wrong: precision = recall = 35 / 36.
        JsonNode dose2 = versionTwo.at("/scores/fields/medications[].dose");
        assertThat(dose2.get("matched").asInt()).as(dose2.toString()).isEqualTo(35);
        assertThat(dose2.get("wrong").asInt()).isEqualTo(1);
        assertThat(dose2.get("precision").asDouble()).isCloseTo(35.0 / 36, within(1e-12));
        assertThat(dose2.get("recall").asDouble()).isCloseTo(35.0 / 36, within(1e-12));
        assertThat(versionOne.at("/scores/fields/medications[].dose/matched").asInt()).isEqualTo(36);

        // Overall: nothing missing or made up; wrong 12 (v1) and 1 (v2), on the same number of fields.
        JsonNode all1 = versionOne.at("/scores/overall");
        JsonNode all2 = versionTwo.at("/scores/overall");
        assertThat(all1.get("wrong").asInt()).isEqualTo(12);
        assertThat(all2.get("wrong").asInt()).isEqualTo(1);
        for (JsonNode all : List.of(all1, all2)) {
            assertThat(all.get("missing").asInt()).isZero();
            assertThat(all.get("extra").asInt()).isZero();
        }
        int fields = all2.get("matched").asInt() + 1;
        assertThat(all1.get("matched").asInt() + 12).isEqualTo(fields);
        assertThat(all2.get("f1").asDouble()).isCloseTo(2.0 * (fields - 1) / (2.0 * fields), within(1e-12));
        assertThat(versionOne.at("/scores/exactDocuments").asInt()).isZero();
        assertThat(versionTwo.at("/scores/exactDocuments").asInt()).isEqualTo(11);

        // Per document: version 2 gets exactly one document wrong, on the dose alone.
        List<JsonNode> wrong = new ArrayList<>();
        versionTwo.get("documents").forEach(d -> {
            if (!d.get("exactMatch").asBoolean()) {
                wrong.add(d);
            }
        });
        assertThat(wrong).singleElement().satisfies(d ->
                assertThat(d.get("notRight").has("medications[].dose")).as(d.toString()).isTrue());
    }

    static void paired(JsonNode comparison) {
        // 11 documents right only with the candidate, none only with the baseline: exact McNemar p = 2 x 0.5^11.
        assertThat(comparison.at("/exactDocuments/onlyCandidateExact").asInt()).isEqualTo(11);
        assertThat(comparison.at("/exactDocuments/onlyBaselineExact").asInt()).isZero();
        assertThat(comparison.at("/exactDocuments/exact").asBoolean()).isTrue();
        assertThat(comparison.at("/exactDocuments/pValue").asDouble()).isCloseTo(2 * Math.pow(0.5, 11), within(1e-12));
        assertThat(comparison.at("/overallF1/difference").asDouble()).isPositive();
        assertThat(comparison.at("/overallF1/interval/0").asDouble()).isPositive();
    }
}
