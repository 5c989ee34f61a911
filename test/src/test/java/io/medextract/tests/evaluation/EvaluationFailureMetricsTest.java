package io.medextract.tests.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.BedrockConverseFake;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Bedrock failure during an evaluation run reaches an alarm without touching production's metrics: the extract
 * worker's Embedded Metric Format lines (as it prints them) count the failure under {@code Traffic=EVALUATION}
 * only, while a production failure keeps the dimension sets the production alarms watch.
 */
class EvaluationFailureMetricsTest {

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anEvaluationExtractionDeniedByBedrockIsCountedUnderTheEvaluationDimensionOnly() throws Exception {
        platform = LocalPlatform.start();
        String set = createSetOfOne();
        platform.bedrock.mode(BedrockConverseFake.Mode.ACCESS_DENIED);

        ApiResult run = platform.api(platform.experiments, "POST", "/api/evaluations", Map.of(), Map.of(),
                Map.of("Content-Type", "application/json"),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"clinical-summary@1\"}");
        assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        List<JsonNode> evaluationLines = extractionMetricLines(() -> platform.drainQueue(Duration.ofSeconds(60)));

        assertThat(evaluationLines).singleElement().satisfies(doc -> {
            assertThat(doc.get("Traffic").asText()).isEqualTo("EVALUATION");
            assertThat(doc.get("ExtractionFailed").asInt()).isEqualTo(1);
            assertThat(doc.get("ErrorCategory").asText()).isEqualTo("MODEL_ACCESS_DENIED");
            assertThat(dimensionSets(doc)).containsExactly(
                    List.of("Stage", "Traffic"), List.of("Stage", "Traffic", "ErrorCategory"));
        });

        // The same failure in production traffic: the production dimension sets, no Traffic.
        String documentId = platform.uploadText("Production Patient");
        List<JsonNode> productionLines = extractionMetricLines(() -> {
            platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
            platform.drainQueue(Duration.ofSeconds(60));
        });
        assertThat(productionLines).singleElement().satisfies(doc -> {
            assertThat(doc.has("Traffic")).isFalse();
            assertThat(dimensionSets(doc)).contains(List.of("Stage", "ErrorCategory"))
                    .noneMatch(names -> names.contains("Traffic"));
        });
    }

    /** Runs {@code action} with stdout captured; returns the EMF documents that count extraction outcomes. */
    private static List<JsonNode> extractionMetricLines(Runnable action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                JsonNode doc = LocalPlatform.JSON.readTree(line);
                if (doc.has("ExtractionFailed")) {
                    lines.add(doc);
                }
            }
        }
        return lines;
    }

    private static List<List<String>> dimensionSets(JsonNode doc) {
        List<List<String>> sets = new ArrayList<>();
        doc.at("/_aws/CloudWatchMetrics/0/Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        });
        return sets;
    }

    private String createSetOfOne() {
        ApiResult created = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"alarm-check\",\"template\":\"clinical-summary\",\"documents\":[" + inlineDocument() + "]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("set").asText();
    }

    private static String inlineDocument() {
        String patient = "Eval Patient";
        byte[] text = TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8);
        ObjectNode doc = LocalPlatform.JSON.createObjectNode();
        doc.put("filename", "summary.txt");
        doc.put("contentType", "text/plain");
        doc.put("contentBase64", Base64.getEncoder().encodeToString(text));
        doc.set("expected", SampleEvaluationSet.expectedFor(patient));
        return doc.toString();
    }
}
