package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.tests.evaluation.SampleEvaluationSet;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spend and fairness end to end on the local stand-ins: one active requested extraction per document and caller
 * (409 naming it, also under concurrent requests), per-caller limits on requested extractions and on evaluation
 * documents (429 with Retry-After, other callers unaffected, replays free), and evaluation runs on their own queue, so
 * a production upload is extracted while a run's documents still wait.
 */
class SpendLimitsEndToEndTest {

    private static final String OTHER_CALLER = "7f1c9a52-0000-4000-8000-000000000001";

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aCallerHasOneActiveExtractionPerDocument() {
        // Shared documents: another owner may re-extract this one (with OWNER_ONLY it would get 404).
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().documentAccess(DocumentAccess.SHARED));
        String documentId = platform.uploadText("Active Person");
        ApiResult first = extract(documentId, "first-key-0001");
        assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
        String active = first.body().get("extractionId").asText();
        // A retry of the active request itself (same Idempotency-Key) is that request, not a second one.
        ApiResult retried = extract(documentId, "first-key-0001");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.body().get("extractionId").asText()).isEqualTo(active);

        LocalPlatform.StorageSnapshot before = platform.snapshot();
        ApiResult second = extract(documentId, null);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("error").asText()).isEqualTo("extraction_active");
        assertThat(second.body().get("message").asText()).contains(active).contains("QUEUED");
        assertThat(second.body().at("/activeExtraction/extractionId").asText()).isEqualTo(active);
        assertThat(second.body().at("/activeExtraction/status").asText()).isEqualTo("QUEUED");
        assertThat(second.body().at("/activeExtraction/links/self").asText()).isEqualTo("/api/extract/" + active);
        assertThat(second.body().has("requestId")).isTrue();
        assertThat(platform.snapshot()).isEqualTo(before);

        // A new request with its own Idempotency-Key is a second one all the same.
        assertThat(extract(documentId, "second-key-0001").status()).isEqualTo(409);

        // Another caller is not blocked by this caller's extraction.
        ApiResult other = platform.apiAs(OTHER_CALLER, platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", documentId), Map.of(), Map.of(), null);
        assertThat(other.status()).as(other.body().toString()).isEqualTo(202);

        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(platform.extractions.allFor(documentId)).hasSize(2)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(ExtractionStatus.SUCCEEDED));
        ApiResult afterwards = extract(documentId, null);
        assertThat(afterwards.status()).as(afterwards.body().toString()).isEqualTo(202);
    }

    @Test
    void concurrentRequestsOfOneCallerQueueOneExtraction() throws Exception {
        platform = LocalPlatform.start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // Several rounds: a window between two writes (a marker written before its extraction) let two through once.
        for (int round = 0; round < 5; round++) {
            String documentId = platform.uploadText("Concurrent Person " + round);
            List<Future<ApiResult>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> extract(documentId, null)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiResult> answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).as("round %d", round).containsOnly(202, 409).filteredOn(s -> s == 202).hasSize(1);
            assertThat(platform.extractions.allFor(documentId)).as("round %d", round).hasSize(1);
        }
        pool.shutdown();
        assertThat(platform.queueDepth(platform.queueUrl)).isEqualTo(5);
    }

    @Test
    void aCallerMayRequestOnlySoManyExtractionsAndLearnsWhenToComeBack() {
        // Shared documents, so the other caller may extract these too.
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().extractionLimit(3, Duration.ofHours(1))
                .documentAccess(DocumentAccess.SHARED));
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            documents.add(platform.uploadText("Limited Person " + i));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(extract(documents.get(i), null).status()).isEqualTo(202);
        }
        LocalPlatform.StorageSnapshot before = platform.snapshot();
        ApiResult refused = extract(documents.get(3), null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(refused.body().get("message").asText()).contains("callerExtractionLimit: 3 per 1 hour");
        // One token comes back every 20 minutes.
        long retryAfter = refused.body().get("retryAfterSeconds").asLong();
        assertThat(retryAfter).isBetween(1190L, 1200L);
        assertThat(refused.headers()).containsEntry("Retry-After", Long.toString(retryAfter));
        assertThat(platform.snapshot().resultItems()).isEqualTo(before.resultItems());
        assertThat(platform.snapshot().queued()).isEqualTo(before.queued());

        // Other callers have their own bucket.
        assertThat(platform.apiAs(OTHER_CALLER, platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", documents.get(3)), Map.of(), Map.of(), null).status()).isEqualTo(202);
        // A replay of an earlier request costs nothing.
        ApiResult keyedFirst = platform.apiAs(OTHER_CALLER, platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", documents.get(4)), Map.of(), Map.of("Idempotency-Key", "replay-key-0001"), null);
        assertThat(keyedFirst.status()).isEqualTo(202);

        platform.clock.advance(Duration.ofSeconds(retryAfter));
        assertThat(extract(documents.get(3), null).status()).isEqualTo(202);
        assertThat(extract(documents.get(4), null).status()).isEqualTo(429);
    }

    @Test
    void evaluationRunsSpendTheCallersEvaluationDocumentsAndRetriesAreFree() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().evaluationLimit(10, Duration.ofDays(1)));
        String set = createSet("spend-check", 4);
        ApiResult first = run(set, "clinical-summary@1", null);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(run(set, "clinical-summary@2", null).status()).isEqualTo(201); // 8 of 10 spent

        LocalPlatform.StorageSnapshot before = platform.snapshot();
        ApiResult refused = run(set, "clinical-summary@2", "third-run-key");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(429);
        assertThat(refused.body().get("message").asText()).contains("a run of 4 documents")
                .contains("callerEvaluationLimit: 10 per 1 day");
        assertThat(refused.headers()).containsKey("Retry-After");
        assertThat(platform.snapshot()).isEqualTo(before);

        // The same run again is that run: 200, nothing spent, nothing queued twice.
        ApiResult again = run(set, "clinical-summary@1", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("runId").asText()).isEqualTo(first.body().get("runId").asText());

        // A set larger than the whole limit can never run: 400, not 429.
        String large = createSet("too-large", 11);
        ApiResult tooLarge = run(large, "clinical-summary@1", null);
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().get("message").asText()).contains("a run of 11 documents is more than");
    }

    @Test
    void aRunsDocumentsWaitOnTheirOwnQueueWhileAProductionUploadIsExtracted() {
        platform = LocalPlatform.start();
        String set = createSet("queue-apart", 6);
        ApiResult created = run(set, "clinical-summary@2", null);
        assertThat(created.status()).isEqualTo(201);
        assertThat(platform.queueDepth(platform.evaluationQueueUrl)).isEqualTo(6);
        assertThat(platform.queueDepth(platform.queueUrl)).isZero();

        String uploaded = platform.uploadText("Production Person");
        platform.objectCreated(platform.documents.find(uploaded).orElseThrow().objectKey());
        platform.drainProductionQueue(Duration.ofSeconds(60));
        assertThat(platform.extractions.latestFor(uploaded).orElseThrow().status()).isEqualTo(ExtractionStatus.SUCCEEDED);
        assertThat(runExtractions(set)).hasSize(6)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(ExtractionStatus.QUEUED));

        // Bedrock busy for the run: its retries go back to the evaluation queue, never to the production one.
        platform.bedrock.throttleAllUntil(java.time.Instant.now().plusSeconds(3600));
        List<Message> batch = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.evaluationQueueUrl)
                .maxNumberOfMessages(5).messageSystemAttributeNamesWithStrings("All")).messages();
        assertThat(batch).isNotEmpty();
        JsonNode answer = LocalPlatform.invoke(platform.extract, platform.sqsEvent(batch, platform.evaluationQueueArn));
        assertThat(answer.path("batchItemFailures")).isEmpty(); // each re-sent, delayed, in a new message
        batch.forEach(m -> platform.clients.sqs().deleteMessage(b -> b.queueUrl(platform.evaluationQueueUrl)
                .receiptHandle(m.receiptHandle())));
        assertThat(platform.queueDepth(platform.queueUrl)).isZero();
        assertThat(platform.queueDepth(platform.evaluationQueueUrl)).isEqualTo(6);
        assertThat(runExtractions(set)).filteredOn(e -> e.throttleRetries() == 1).hasSize(batch.size());
        platform.bedrock.throttleAllUntil(java.time.Instant.now());
        platform.drainEvaluationQueue(Duration.ofSeconds(120));
        assertThat(runExtractions(set)).allSatisfy(e -> assertThat(e.status()).isEqualTo(ExtractionStatus.SUCCEEDED));
    }

    private List<ExtractionRecord> runExtractions(String set) {
        List<ExtractionRecord> all = new ArrayList<>();
        platform.get(platform.experiments, "/api/evaluation-sets/{id}", Map.of("id", set)).body().get("documents")
                .forEach(d -> all.addAll(platform.extractions.allFor(d.get("documentId").asText())));
        return all;
    }

    private ApiResult extract(String documentId, String idempotencyKey) {
        return platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey), null);
    }

    private ApiResult run(String set, String promptVersion, String idempotencyKey) {
        return platform.api(platform.experiments, "POST", "/api/evaluations", Map.of(), Map.of(),
                idempotencyKey == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"" + promptVersion + "\"}");
    }

    /** A set of {@code documents} synthetic text summaries; returns name@1. */
    private String createSet(String name, int documents) {
        ObjectNode body = LocalPlatform.JSON.createObjectNode();
        body.put("name", name);
        body.put("template", "clinical-summary");
        ArrayNode docs = body.putArray("documents");
        for (int i = 0; i < documents; i++) {
            String patient = "Evaluation Person " + (char) ('A' + i);
            ObjectNode doc = docs.addObject();
            doc.put("filename", "summary.txt");
            doc.put("contentType", "text/plain");
            doc.put("contentBase64", Base64.getEncoder().encodeToString(
                    TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
            doc.set("expected", SampleEvaluationSet.expectedFor(patient));
        }
        ApiResult created = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(), body.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("set").asText();
    }
}
