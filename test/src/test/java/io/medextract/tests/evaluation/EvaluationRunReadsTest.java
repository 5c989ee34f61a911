package io.medextract.tests.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.evaluation.runs.EvaluationRunService;
import io.medextract.tests.local.DynamoDbRequestLog;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What experiment results and the promotion gate read of a set's evaluation runs: only the newest completed run
 * per (set version, model, prompt version) of the versions compared, however many runs the set has had.
 * Counted as DynamoDB GetItem requests for run items on the wire.
 */
class EvaluationRunReadsTest {

    private static final String V1 = "clinical-summary@1";
    private static final String V2 = "clinical-summary@2";

    private final DynamoDbRequestLog dynamo = new DynamoDbRequestLog();
    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void thePairReadsTheNewestRunOfEachVersionOnlyHoweverManyRunsTheSetHas() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults(), dynamo::wrap);
        String set = createSetOfOne();
        List<String> v1Runs = new ArrayList<>();
        List<String> v2Runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            v1Runs.add(run(set, V1, "v1-" + i));
            v2Runs.add(run(set, V2, "v2-" + i));
        }
        platform.drainQueue(Duration.ofSeconds(60));
        platform.evaluationRuns.completePending();

        dynamo.clear();
        Map<String, EvaluationRunService.RunPair> pairs = platform.evaluationRuns.newestPairs("bounded", V1, List.of(V2));

        assertThat(pairs).containsOnlyKeys(V2);
        assertThat(pairs.get(V2).baseline().runId()).isEqualTo(v1Runs.get(2));
        assertThat(pairs.get(V2).candidate().runId()).isEqualTo(v2Runs.get(2));
        // Six completed runs in the set; two are read (before: every run of the set, once per treatment).
        assertThat(dynamo.count("GetItem", "EVALRUN#")).isEqualTo(2);

        // Runs of a version nobody compares are not read at all.
        dynamo.clear();
        assertThat(platform.evaluationRuns.newestPairs("bounded", V1, List.of("clinical-summary@9"))).isEmpty();
        assertThat(dynamo.count("GetItem", "EVALRUN#")).isEqualTo(1);
    }

    private String run(String set, String promptVersion, String key) {
        ApiResult created = platform.api(platform.experiments, "POST", "/api/evaluations", Map.of(), Map.of(),
                Map.of("Content-Type", "application/json", "Idempotency-Key", "bounded-reads-" + key),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"" + promptVersion + "\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("runId").asText();
    }

    private String createSetOfOne() {
        String patient = "Bounded Reads";
        ObjectNode doc = LocalPlatform.JSON.createObjectNode();
        doc.put("filename", "summary.txt");
        doc.put("contentType", "text/plain");
        doc.put("contentBase64", Base64.getEncoder().encodeToString(
                TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        doc.set("expected", SampleEvaluationSet.expectedFor(patient));
        ApiResult created = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"bounded\",\"template\":\"clinical-summary\",\"documents\":[" + doc + "]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("set").asText();
    }
}
