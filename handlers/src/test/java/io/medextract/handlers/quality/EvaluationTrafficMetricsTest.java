package io.medextract.handlers.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation extractions are counted under their own dimension, never in the production dimension sets. */
class EvaluationTrafficMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aFailedEvaluationExtractionIsCountedUnderTrafficEvaluationOnly() throws Exception {
        JsonNode doc = emf(record(ExtractionRecord.Trigger.EVALUATION)
                .failed(NOW, ErrorCategory.MODEL_ACCESS_DENIED, "denied", null));

        assertThat(doc.get("Traffic").asText()).isEqualTo("EVALUATION");
        assertThat(doc.get("ExtractionFailed").asInt()).isEqualTo(1);
        assertThat(doc.get("ErrorCategory").asText()).isEqualTo("MODEL_ACCESS_DENIED");
        assertThat(dimensionSets(doc)).containsExactly(List.of("Stage", "Traffic"), List.of("Stage", "Traffic", "ErrorCategory"));
        // Low cardinality: neither ids nor prompt versions nor models become dimensions (or even properties).
        assertThat(doc.has("PromptVersion")).isFalse();
        assertThat(doc.has("ModelId")).isFalse();
        assertThat(doc.has("ExtractionLatency")).isFalse();
    }

    @Test
    void productionExtractionsKeepTheirDimensionsWithoutTraffic() throws Exception {
        JsonNode doc = emf(record(ExtractionRecord.Trigger.API)
                .failed(NOW, ErrorCategory.MODEL_ACCESS_DENIED, "denied", null));

        assertThat(doc.has("Traffic")).isFalse();
        assertThat(dimensionSets(doc)).containsExactly(List.of("PromptVersion", "ModelId", "Stage"), List.of("Stage"),
                List.of("Stage", "ErrorCategory"));
    }

    @Test
    void aSucceededEvaluationExtractionHasNoCategoryDimension() throws Exception {
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome(900, 100, 50, 0.001, true, 1.0,
                List.of(), List.of(), java.util.Map.of(), "end_turn", "{}", null);
        JsonNode doc = emf(record(ExtractionRecord.Trigger.EVALUATION).succeeded(NOW, outcome));

        assertThat(doc.get("ExtractionSucceeded").asInt()).isEqualTo(1);
        assertThat(doc.get("ExtractionFailed").asInt()).isZero();
        assertThat(dimensionSets(doc)).containsExactly(List.of("Stage", "Traffic"));
        // A run spends like production does: its cost is counted (the hourly spend alarm adds both).
        assertThat(doc.get("CostUsd").asDouble()).isEqualTo(0.001);
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).contains("CostUsd");
    }

    @Test
    void aFailedCompensatingWriteIsOneCountByStage() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Json.write(EmbeddedMetrics.compensationFailed("discard-unqueued-extraction", "prod", NOW)));
        assertThat(doc.get("CompensationFailed").asInt()).isEqualTo(1);
        assertThat(doc.get("operation").asText()).isEqualTo("discard-unqueued-extraction");
        assertThat(dimensionSets(doc)).containsExactly(List.of("Stage"));
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("MedExtract");
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("CompensationFailed");
    }

    private static ExtractionRecord record(ExtractionRecord.Trigger trigger) {
        return ExtractionRecord.queued("ext_1", "doc_1", "clinical-summary@1", "m", trigger, NOW);
    }

    private static JsonNode emf(ExtractionRecord finished) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Json.write(EmbeddedMetrics.finished(finished, "prod", NOW)));
    }

    static List<List<String>> dimensionSets(JsonNode doc) {
        List<List<String>> sets = new ArrayList<>();
        doc.at("/_aws/CloudWatchMetrics/0/Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        });
        return sets;
    }
}
