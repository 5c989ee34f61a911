package io.medextract.handlers.evaluation.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Set ids, labelled documents as given in a body, run extraction ids and the accuracy metric line. */
class EvaluationInputTest {

    private static final String TEXT = Base64.getEncoder().encodeToString(
            "Patient: Test Person\nDiagnosis: none".getBytes(StandardCharsets.UTF_8));

    @Test
    void setIdsAreNameAtVersion() {
        assertThat(EvaluationSetId.parse("discharge-summaries@12")).isEqualTo(new EvaluationSetId("discharge-summaries", 12));
        assertThat(EvaluationSetId.parse("a1@1").toString()).isEqualTo("a1@1");
        for (String bad : List.of("discharge", "Discharge@1", "d@1", "discharge@0", "discharge@-1", "discharge@1.5",
                "discharge@1@2", "")) {
            assertThatThrownBy(() -> EvaluationSetId.parse(bad)).as(bad).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void labelledDocumentsAreCheckedLikeUploads() {
        LabelledDocument doc = LabelledDocument.parse(body("a.txt", "text/plain", TEXT, "{}"), "documents[0]");
        assertThat(doc.type()).isEqualTo(DocumentType.TEXT);
        assertThat(doc.filename()).isEqualTo("a.txt");

        assertStatus(body("a.txt", "application/pdf", TEXT, "{}"), 415, "contentType says application/pdf");
        assertStatus(body("a.txt", "text/csv", TEXT, "{}"), 415, "not accepted");
        assertStatus(body("../a.txt", "text/plain", TEXT, "{}"), 400, "plain file name");
        assertStatus(body("a.txt", "text/plain", "%%%", "{}"), 400, "base64");
        assertStatus(body("a.txt", "text/plain", "", "{}"), 400, "empty");
        assertStatus(body("a.txt", "text/plain", TEXT, "[]"), 400, "expected");
        assertStatus(Json.parse("{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + TEXT
                + "\",\"expected\":{},\"owner\":\"me\"}"), 400, "unknown field 'owner'");
        assertStatus(Json.parse("{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"expected\":{}}"), 400,
                "contentBase64");
    }

    @Test
    void aRunExtractsEachDocumentUnderOneIdWhateverTheRetries() {
        EvaluationRun run = new EvaluationRun("evr_01JAAAAAAAAAAAAAAAAAAAAAAA", new EvaluationSetId("s-a", 1),
                "clinical-summary@1", "model", EvaluationRun.State.RUNNING, List.of("doc_1", "doc_2"), "caller",
                Instant.parse("2026-11-30T10:00:00Z"), null, null, null);
        assertThat(run.extractionIdFor("doc_1")).isEqualTo(run.extractionIdFor("doc_1"))
                .isNotEqualTo(run.extractionIdFor("doc_2"));
        assertThat(SortableIds.isValid(SortableIds.EXTRACTION, run.extractionIdFor("doc_1"))).isTrue();
    }

    @Test
    void theAccuracyMetricIsOneEmfLinePerRun() {
        EvaluationRun done = new EvaluationRun("evr_01JAAAAAAAAAAAAAAAAAAAAAAA", new EvaluationSetId("s-a", 3),
                "clinical-summary@2", "model", EvaluationRun.State.RUNNING, List.of("doc_1"), "caller",
                Instant.parse("2026-11-30T10:00:00Z"), null, null, null)
                .completed(Instant.parse("2026-11-30T10:05:00Z"), "{}", 0.75);
        Map<String, Object> line = EvaluationMetrics.completed(done, "prod", Instant.parse("2026-11-30T10:05:00Z"));
        assertThat(line).containsEntry("EvaluationAccuracy", 0.75).containsEntry("EvaluationSet", "s-a")
                .containsEntry("PromptVersion", "clinical-summary@2").containsEntry("Stage", "prod");
        JsonNode aws = Json.mapper().valueToTree(line.get("_aws"));
        assertThat(aws.at("/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("MedExtract");
        assertThat(aws.at("/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("EvaluationAccuracy");
        assertThat(aws.at("/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("EvaluationSet");
    }

    @Test
    void settingsComeFromTheConstructsEnvironment() {
        EvaluationSettings none = EvaluationSettings.from(Map.of());
        assertThat(none.gateSet()).isEmpty();
        assertThat(none.gateMaxRegression()).isEqualTo(EvaluationEvidence.DEFAULT_MAX_REGRESSION);
        assertThat(none.otherModels()).isEmpty();
        EvaluationSettings set = EvaluationSettings.from(Map.of("PROMOTION_GATE_SET", "discharge@3",
                "PROMOTION_GATE_MAX_REGRESSION", "0.01", "EVALUATION_MODEL_IDS", "a, b",
                "EVALUATION_QUEUE_URL", "https://sqs/evaluation", "AUDIT_TABLE", "audit"));
        assertThat(set.gateSet()).contains(new EvaluationSetId("discharge", 3));
        assertThat(set.gateMaxRegression()).isEqualTo(0.01);
        assertThat(set.otherModels()).containsExactlyInAnyOrder("a", "b");
        assertThat(set.evaluationQueueUrl()).isEqualTo("https://sqs/evaluation");
        assertThat(set.auditTable()).isEqualTo("audit");
        // A name alone would gate on whatever version is newest: the function refuses to start with one.
        assertThatThrownBy(() -> EvaluationSettings.from(Map.of("PROMOTION_GATE_SET", "discharge")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name@version");
    }

    private static JsonNode body(String filename, String contentType, String base64, String expected) {
        return Json.parse("{\"filename\":\"" + filename + "\",\"contentType\":\"" + contentType
                + "\",\"contentBase64\":\"" + base64 + "\",\"expected\":" + expected + "}");
    }

    private static void assertStatus(JsonNode body, int status, String message) {
        assertThatThrownBy(() -> LabelledDocument.parse(body, "documents[0]")).isInstanceOf(ApiException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ApiException) e).statusCode()).isEqualTo(status);
    }
}
