package io.medextract.tests.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.stats.Moments;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ground-truth evaluation on the local servers, end to end: an evaluation set imported from an S3 prefix (the
 * shipped synthetic sample: text, typed PDF, scanned image) plus nine inline documents; runs of two prompt versions
 * through the real queue and extract worker with the Bedrock fake answering each version differently; scores,
 * the paired comparison, the experiment results, the promotion gate (refuses the worse version, accepts the
 * better), the accuracy metric, and evaluation traffic kept out of the production metrics.
 */
class EvaluationEndToEndTest {

    private static final String SET = "discharge-eval";
    private static final String V1 = "clinical-summary@1";
    private static final String V2 = "clinical-summary@2";
    /** Only version 2's instruction says this. */
    private static final String V2_MARKER = "Record an ICD-10 code only where";
    private static final List<String> PATIENTS = List.of("Ada Testperson", "Bea Sample", "Cy Madeup", "Dee Invented",
            "Eli Synthetic", "Fay Fictional", "Gus Placeholder", "Hal Example", "Ivy Mockup");
    /** The one document version 2 gets wrong. */
    private static final String V2_MISSES = "Hal Example";

    private LocalPlatform platform;

    @BeforeEach
    void start() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().promotionGateSet(SET + "@1"));
        // Version 1 misreads every date of birth; version 2 reads everything right except one dose of one patient.
        platform.bedrock.editAnswersWhen(prompt -> !prompt.contains(V2_MARKER),
                e -> ((ObjectNode) e.get("patient")).put("dateOfBirth", "1961-04-13"));
        platform.bedrock.editAnswersWhen(prompt -> prompt.contains(V2_MARKER), e -> {
            if (e.at("/patient/name").asText().equals(V2_MISSES)) {
                ((ObjectNode) e.get("medications").get(1)).put("dose", "40 mg");
            }
        });
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void twoPromptVersionsScoredComparedAndGated() {
        String set = createSet();
        LocalPlatform.StorageSnapshot beforeRuns = platform.snapshot();

        String run1 = runAndDrain(V1);
        String run2 = runAndDrain(V2);

        JsonNode first = get("/api/evaluations/{id}", run1).body();
        JsonNode second = get("/api/evaluations/{id}", run2).body();
        assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("COMPLETED");
        assertThat(first.at("/progress/finished").asInt()).isEqualTo(12);
        assertThat(first.at("/progress/byStatus/SUCCEEDED").asInt()).isEqualTo(12);
        // Hand-computed: version 1 gets every document wrong (one date each), version 2 all but one (one dose).
        assertThat(first.get("exactDocumentAccuracy").asDouble()).isEqualTo(0.0);
        assertThat(second.get("exactDocumentAccuracy").asDouble()).isCloseTo(11.0 / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.get("documents")).hasSize(12);
        ScoreAssertions.hand(first, second);

        // Evaluation traffic never reaches production metrics, rollups or experiments.
        List<ExtractionRecord> evaluationExtractions = new ArrayList<>();
        for (JsonNode doc : platform.get(platform.experiments, "/api/evaluation-sets/{id}", Map.of("id", set))
                .body().get("documents")) {
            evaluationExtractions.addAll(platform.extractions.allFor(doc.get("documentId").asText()));
        }
        assertThat(evaluationExtractions).hasSize(24).allSatisfy(e -> {
            assertThat(e.trigger()).isEqualTo(ExtractionRecord.Trigger.EVALUATION);
            assertThat(e.experimentId()).isNull();
        });
        Instant hour = evaluationExtractions.get(0).completedAt().truncatedTo(ChronoUnit.HOURS);
        assertThat(platform.extractions.completedIn(hour)).isEmpty();
        assertThat(platform.hourlyRollup.roll(hour)).isEmpty();
        JsonNode summary = platform.api(platform.metricsAt(platform.clock), "GET", "/api/metrics/summary", Map.of(),
                Map.of(), Map.of(), null).body();
        assertThat(summary.get("count").asLong()).isZero();

        // Runs of one set side by side, and the paired comparison picks version 2.
        JsonNode listed = platform.api(platform.experiments, "GET", "/api/evaluations", Map.of(),
                Map.of("set", SET), Map.of(), null).body();
        assertThat(listed.get("runs")).extracting(r -> r.get("promptVersion").asText()).containsExactly(V2, V1);
        JsonNode compared = platform.api(platform.experiments, "GET", "/api/evaluations/compare", Map.of(),
                Map.of("baseline", run1, "candidate", run2), Map.of(), null).body();
        assertThat(compared.at("/comparison/better").asText()).as(compared.toString()).isEqualTo("candidate");
        ScoreAssertions.paired(compared.get("comparison"));

        // Accuracy over time per prompt version (metrics API), one point per completed run, however often read.
        get("/api/evaluations/{id}", run1);
        platform.evaluationRuns.completePending();
        JsonNode accuracy = platform.api(platform.metricsAt(platform.clock), "GET", "/api/metrics/evaluations",
                Map.of(), Map.of(), Map.of(), null).body();
        assertThat(accuracy.get("versions")).extracting(v -> v.get("promptVersion").asText()).containsExactly(V1, V2);
        assertThat(accuracy.at("/versions/0/runs").asInt()).isEqualTo(1);
        assertThat(accuracy.at("/versions/1/latestAccuracy").asDouble()).isCloseTo(11.0 / 12, org.assertj.core.data.Offset.offset(1e-9));

        // The set was sealed by the first run: it can no longer change, and a retried run is the same run.
        assertThat(platform.get(platform.experiments, "/api/evaluation-sets/{id}", Map.of("id", set))
                .body().get("state").asText()).isEqualTo("SEALED");
        LocalPlatform.StorageSnapshot settled = platform.snapshot();
        ApiResult again = platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"" + V1 + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("runId").asText()).isEqualTo(run1);
        assertThat(platform.snapshot()).isEqualTo(settled);
        assertThat(beforeRuns.resultItems()).isLessThan(settled.resultItems());

        // An experiment v1 -> v2 shows accuracy per variant with the paired comparison; the gate lets v2 through.
        String better = experiment(V1, V2);
        JsonNode results = platform.get(platform.experiments, "/api/experiments/{id}/results", Map.of("id", better)).body();
        assertThat(results.at("/recommendation/action").asText()).isEqualTo("PROMOTE");
        assertThat(results.at("/evaluation/0/set").asText()).isEqualTo(set);
        assertThat(results.at("/evaluation/0/variants/0/exactDocumentAccuracy").asDouble()).isEqualTo(0.0);
        assertThat(results.at("/evaluation/0/variants/1/exactDocumentAccuracy").asDouble()).isCloseTo(11.0 / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(results.at("/evaluation/0/comparison/better").asText()).isEqualTo("candidate");
        ApiResult promoted = platform.post(platform.experiments, "/api/experiments/{id}/promote", Map.of("id", better), null);
        assertThat(promoted.status()).as(promoted.body().toString()).isEqualTo(200);
        assertThat(platform.experimentRepository.labelVersion("production")).contains(V2);
        // The answer and the audit record name the set version the gate used, and the runs it compared.
        assertThat(promoted.body().at("/promotionGate/0/set").asText()).isEqualTo(SET + "@1");
        assertThat(promoted.body().at("/promotionGate/0/pinned").asBoolean()).isTrue();
        assertThat(promoted.body().at("/promotionGate/0/baseline/runId").asText()).isEqualTo(run1);
        assertThat(promoted.body().at("/promotionGate/0/candidate/runId").asText()).isEqualTo(run2);
        assertThat(platform.auditRecords("production")).singleElement().satisfies(record -> {
            assertThat(record.get("evaluationSets").l()).extracting(v -> v.s()).containsExactly(SET + "@1");
            assertThat(record.get("evaluationGate").s()).contains(run1, run2);
        });

        // An experiment v2 -> v1 that v1 wins on completeness: the analysis recommends it, the gate refuses it.
        String worse = experiment(V2, V1);
        LocalPlatform.StorageSnapshot beforeRefusal = platform.snapshot();
        ApiResult refused = platform.post(platform.experiments, "/api/experiments/{id}/promote", Map.of("id", worse), null);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.body().get("message").asText()).contains("promotion gate").contains(SET).contains(V1);
        assertThat(platform.experimentRepository.labelVersion("production")).contains(V2);
        assertThat(platform.snapshot()).isEqualTo(beforeRefusal);
    }

    @Test
    void aNewerEasierSetVersionAnyWriterCanMakeDoesNotMoveTheGate() {
        createSet();
        runAndDrain(V1);
        runAndDrain(V2);
        assertThat(promote(platform.experiments, experiment(V1, V2)).status()).isEqualTo(200);

        // A writer labels one document so that version 1 looks perfect, as a version 2 of the set, and runs both
        // prompt versions on it: the newest set version with runs of both now favours version 1.
        String easy = easySet();
        assertThat(easy).isEqualTo(SET + "@2");
        runAndDrain(easy, V1, 1);
        runAndDrain(easy, V2, 1);

        String worse = experiment(V2, V1);
        LocalPlatform.StorageSnapshot before = platform.snapshot();
        ApiResult refused = promote(platform.experiments, worse);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.body().get("message").asText()).contains("promotion gate on evaluation set " + SET + "@1");
        assertThat(platform.experimentRepository.labelVersion("production")).contains(V2);
        assertThat(platform.snapshot()).isEqualTo(before);
        // A promote request cannot swap the pinned set for an easier one either: it may only add a gate.
        ApiResult asked = platform.post(platform.experiments, "/api/experiments/{id}/promote", Map.of("id", worse),
                "{\"evaluationSet\":\"" + easy + "\"}");
        assertThat(asked.status()).isEqualTo(409);
        assertThat(asked.body().get("message").asText()).contains(SET + "@1");
        // ... and a name alone (whatever version is newest) is not accepted.
        assertThat(platform.post(platform.experiments, "/api/experiments/{id}/promote", Map.of("id", worse),
                "{\"evaluationSet\":\"" + SET + "\"}").status()).isEqualTo(400);
    }

    @Test
    void aRepinnedGateSetMustKeepEveryDocumentOfTheOneThatGatedBefore() {
        createSet();
        runAndDrain(V1);
        runAndDrain(V2);
        String first = experiment(V1, V2);
        assertThat(promote(platform.experiments, first).status()).isEqualTo(200);
        assertThat(platform.post(platform.experiments, "/api/experiments/{id}/rollback", Map.of("id", first), null)
                .status()).isEqualTo(200);

        // Version 2 of the set keeps one easy document and drops the twelve that gated the last promotion.
        String easy = easySet();
        runAndDrain(easy, V1, 1);
        runAndDrain(easy, V2, 1);
        String second = experiment(V1, V2);
        ApiResult dropped = promote(platform.experimentsGatedOn(easy), second);
        assertThat(dropped.status()).as(dropped.body().toString()).isEqualTo(409);
        assertThat(dropped.body().get("message").asText()).contains(easy + " does not keep every document of " + SET
                + "@1").contains("12 of its 12 documents are missing").doesNotContain("summary.txt");
        assertThat(platform.experimentRepository.labelVersion("production")).contains(V1);

        // Version 3 holds every document of version 1 (the same files) and one more: it may gate from now on.
        ApiResult kept = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"" + SET + "\",\"template\":\"clinical-summary\",\"s3Prefix\":\"evaluation-imports/sample/\","
                        + "\"documents\":[" + PATIENTS.stream().map(p -> inlineDocument(p, SampleEvaluationSet.expectedFor(p)))
                        .collect(java.util.stream.Collectors.joining(",")) + "," + easyDocument() + "]}");
        assertThat(kept.status()).as(kept.body().toString()).isEqualTo(201);
        String superset = kept.body().get("set").asText();
        assertThat(superset).isEqualTo(SET + "@3");
        runAndDrain(superset, V1, 13);
        runAndDrain(superset, V2, 13);
        ApiResult promoted = promote(platform.experimentsGatedOn(superset), second);
        assertThat(promoted.status()).as(promoted.body().toString()).isEqualTo(200);
        assertThat(promoted.body().at("/promotionGate/0/set").asText()).isEqualTo(superset);
        assertThat(platform.auditRecords("production")).extracting(r -> r.get("action").s())
                .containsExactly("PROMOTE", "ROLLBACK", "PROMOTE");
        assertThat(platform.auditRecords("production").get(2).get("evaluationSets").l()).extracting(v -> v.s())
                .containsExactly(superset);

        // The gate's set moves forward only: pinning version 1 again is refused.
        platform.post(platform.experiments, "/api/experiments/{id}/rollback", Map.of("id", second), null);
        ApiResult older = promote(platform.experimentsGatedOn(SET + "@1"), experiment(V1, V2));
        assertThat(older.status()).isEqualTo(409);
        assertThat(older.body().get("message").asText()).contains("older than " + superset);
    }

    private ApiResult promote(com.amazonaws.services.lambda.runtime.RequestStreamHandler experiments, String id) {
        return platform.post(experiments, "/api/experiments/{id}/promote", Map.of("id", id), null);
    }

    /** Version 2 of the set: one document, labelled with the date of birth version 1 writes into every answer. */
    private String easySet() {
        ApiResult created = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"" + SET + "\",\"template\":\"clinical-summary\",\"documents\":[" + easyDocument() + "]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("set").asText();
    }

    private static String easyDocument() {
        ObjectNode expected = SampleEvaluationSet.expectedFor("Easy Case");
        ((ObjectNode) expected.get("patient")).put("dateOfBirth", "1961-04-13");
        return inlineDocument("Easy Case", expected);
    }

    @Test
    void badInputIs4xxAndStoresNothing() {
        String set = createSet();
        runAndDrain(V1); // seals the set
        LocalPlatform.StorageSnapshot before = platform.snapshot();
        String doc = inlineDocument("Zed Nobody", SampleEvaluationSet.expectedFor("Zed Nobody"));

        assertRefused(platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"no-such-set@1\",\"promptVersion\":\"" + V1 + "\"}"), 404, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"clinical-summary@99\"}"), 400, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"" + V1 + "\",\"model\":\"anthropic.unknown-model\"}"), 400, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"" + set + "\"}"), 400, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluations", Map.of(), "not json"), 400, before);
        assertRefused(platform.get(platform.experiments, "/api/evaluations/{id}", Map.of("id", "evr_bad")), 400, before);
        // The sealed set cannot change: a new version is the way.
        assertRefused(platform.post(platform.experiments, "/api/evaluation-sets/{id}/documents", Map.of("id", set), doc),
                409, before);
        // Expected JSON that does not follow the template schema: a missing field, a wrong enum, an extra field.
        ObjectNode missing = SampleEvaluationSet.expectedFor("Zed Nobody");
        ((ObjectNode) missing.get("patient")).remove("dateOfBirth");
        ObjectNode wrongEnum = SampleEvaluationSet.expectedFor("Zed Nobody");
        ((ObjectNode) wrongEnum.get("patient")).put("sex", "sometimes");
        ObjectNode extra = SampleEvaluationSet.expectedFor("Zed Nobody");
        extra.put("favouriteColour", "blue");
        for (ObjectNode expected : List.of(missing, wrongEnum, extra)) {
            assertRefused(platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                    "{\"name\":\"broken\",\"template\":\"clinical-summary\",\"documents\":["
                            + inlineDocument("Zed Nobody", expected) + "]}"), 400, before);
        }
        assertRefused(platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"broken\",\"template\":\"no-such-template\"}"), 400, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"Broken Name\",\"template\":\"clinical-summary\"}"), 400, before);
        assertRefused(platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"broken\",\"template\":\"clinical-summary\",\"s3Prefix\":\"uploads/\"}"), 400, before);
        assertRefused(platform.get(platform.experiments, "/api/evaluation-sets/{id}", Map.of("id", "no-such-set@1")),
                404, before);
        // A new version of the same set takes the change.
        ApiResult v2 = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"" + SET + "\",\"template\":\"clinical-summary\",\"documents\":[" + doc + "]}");
        assertThat(v2.status()).as(v2.body().toString()).isEqualTo(201);
        assertThat(v2.body().get("set").asText()).isEqualTo(SET + "@2");
    }

    private void assertRefused(ApiResult r, int status, LocalPlatform.StorageSnapshot before) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().get("message").asText()).isNotBlank();
        assertThat(r.body().has("requestId")).isTrue();
        assertThat(platform.snapshot()).isEqualTo(before);
    }

    /** The sample set imported from S3, then nine more text documents added inline; returns name@version. */
    private String createSet() {
        for (List<String> c : SampleEvaluationSet.CASES) {
            put("evaluation-imports/sample/" + c.get(0) + "/" + c.get(1), SampleEvaluationSet.file(c.get(0), c.get(1)));
            put("evaluation-imports/sample/" + c.get(0) + "/expected.json", SampleEvaluationSet.file(c.get(0), "expected.json"));
        }
        ApiResult created = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"" + SET + "\",\"template\":\"clinical-summary\",\"description\":\"synthetic sample\","
                        + "\"s3Prefix\":\"evaluation-imports/sample/\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String set = created.body().get("set").asText();
        assertThat(set).isEqualTo(SET + "@1");
        assertThat(created.body().get("documentCount").asInt()).isEqualTo(3);
        for (String patient : PATIENTS) {
            ApiResult added = platform.post(platform.experiments, "/api/evaluation-sets/{id}/documents",
                    Map.of("id", set), inlineDocument(patient, SampleEvaluationSet.expectedFor(patient)));
            assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
        }
        JsonNode shown = platform.get(platform.experiments, "/api/evaluation-sets/{id}", Map.of("id", set)).body();
        assertThat(shown.get("documentCount").asInt()).isEqualTo(12);
        assertThat(shown.get("state").asText()).isEqualTo("OPEN");
        // Stored like documents, under evaluation/ (where no S3 event starts a production extraction).
        shown.get("documents").forEach(d -> assertThat(platform.documents.find(d.get("documentId").asText())
                .orElseThrow().objectKey()).startsWith("evaluation/"));
        return set;
    }

    private String runAndDrain(String promptVersion) {
        return runAndDrain(SET + "@1", promptVersion, 12);
    }

    private String runAndDrain(String set, String promptVersion, int documents) {
        ApiResult created = platform.api(platform.experiments, "POST", "/api/evaluations", Map.of(), Map.of(),
                Map.of("Content-Type", "application/json"),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"" + promptVersion + "\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("state").asText()).isEqualTo("RUNNING");
        assertThat(created.body().at("/progress/documents").asInt()).isEqualTo(documents);
        platform.drainQueue(Duration.ofSeconds(120));
        return created.body().get("runId").asText();
    }

    private ApiResult get(String resource, String id) {
        return platform.get(platform.experiments, resource, Map.of("id", id));
    }

    private void put(String key, byte[] content) {
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    }

    private static String inlineDocument(String patient, JsonNode expected) {
        byte[] text = TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8);
        ObjectNode doc = LocalPlatform.JSON.createObjectNode();
        doc.put("filename", "summary.txt");
        doc.put("contentType", "text/plain");
        doc.put("contentBase64", Base64.getEncoder().encodeToString(text));
        doc.set("expected", expected);
        return doc.toString();
    }

    /** An experiment control -> candidate whose (seeded) traffic shows the candidate filling more fields. */
    private String experiment(String control, String candidate) {
        ApiResult created = platform.post(platform.experiments, "/api/experiments", Map.of(), """
                {"name":"gate","variants":[
                   {"name":"control","promptVersion":"%s"},{"name":"candidate","promptVersion":"%s"}],
                 "split":"50/50","primaryMetric":"FIELD_COMPLETENESS","minimumDetectableEffect":0.05,
                 "alpha":0.05,"power":0.8}""".formatted(control, candidate));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("experimentId").asText();
        assertThat(platform.post(platform.experiments, "/api/experiments/{id}/start", Map.of("id", id), null).status())
                .isEqualTo(200);
        Instant hour = platform.clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (int back = 5; back >= 3; back--) {
            Instant earlier = hour.minus(back, ChronoUnit.HOURS);
            platform.experimentSums.put(id, hourOf(earlier, "control", 0.70));
            platform.experimentSums.put(id, hourOf(earlier, "candidate", 0.80));
        }
        return id;
    }

    private static VariantHourSums hourOf(Instant hour, String variant, double completeness) {
        return new VariantHourSums(hour, variant, Map.of(
                PrimaryMetric.FIELD_COMPLETENESS, moments(300, completeness, 0.1),
                PrimaryMetric.LATENCY, moments(300, 3000, 300),
                PrimaryMetric.COST, moments(300, 0.01, 0.002),
                PrimaryMetric.SUCCESS_RATE, new Moments(300, 300, 300)));
    }

    private static Moments moments(long n, double mean, double sd) {
        return new Moments(n, n * mean, (n - 1) * sd * sd + n * mean * mean);
    }

    static ArrayNode array() {
        return LocalPlatform.JSON.createArrayNode();
    }
}
