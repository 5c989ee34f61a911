package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.PresignedUploads;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.upload.UploadHandler;
import io.medextract.handlers.upload.UploadService;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import io.medextract.tests.local.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Failure paths between the happy cases: storage failures, competing workers, running out of time. */
class ExtractionEdgeCasesTest extends LocalPlatformTest {

    @Test
    void aFailedObjectWriteLeavesNoDocumentBehind() {
        String missing = "no-such-bucket-" + System.nanoTime();
        DocumentObjects missingBucket = new DocumentObjects(platform.clients.s3(), missing);
        UploadHandler upload = new UploadHandler(new UploadService(platform.documents,
                missingBucket, new PresignedUploads(platform.clients::presigner, missing),
                new IdempotencyRecords(platform.clients.dynamoDb(), platform.resultsTable),
                io.medextract.handlers.access.DocumentAccess.OWNER_ONLY, io.medextract.handlers.domain.Retention.UNTIL_ERASED,
                Clock.systemUTC(), StructuredLog.toStdout("test")),
                new io.medextract.handlers.upload.DocumentErasure(platform.documents, missingBucket,
                        new io.medextract.handlers.store.LabelledDocumentItems(platform.clients.dynamoDb(),
                                platform.experimentsTable), Clock.systemUTC(), StructuredLog.toStdout("test")),
                List.of());
        LocalPlatform.ApiResult r = platform.post(upload, "/api/upload", Map.of(), TestDocuments.uploadBody("a.txt",
                "text/plain", TestDocuments.dischargeSummary("Storage Failure").getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().get("error").asText()).isEqualTo("internal_error");
        assertThat(r.body().get("message").asText()).doesNotContain("Storage Failure");
        assertThat(platform.snapshot().resultItems()).isZero();
    }

    @Test
    void oneWorkerAtATimeAndATakeoverOnlyAfterTheLeaseExpires() {
        ExtractionRepository repo = platform.extractions;
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        repo.createIfAbsent(ExtractionRecord.queued("ext_01JZZZZZZZZZZZZZZZZZZZZZZZ", "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ",
                "clinical-summary@1", "m", ExtractionRecord.Trigger.API, now));
        assertThat(repo.createIfAbsent(ExtractionRecord.queued("ext_01JZZZZZZZZZZZZZZZZZZZZZZZ",
                "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ", "clinical-summary@2", "m", ExtractionRecord.Trigger.API, now))).isFalse();
        String doc = "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
        String ext = "ext_01JZZZZZZZZZZZZZZZZZZZZZZZ";
        ExtractionRepository.ClaimAttempt first = repo.take(doc, ext, now, Duration.ofMinutes(6));
        assertThat(first.claim()).isEqualTo(ExtractionRepository.Claim.CLAIMED);
        assertThat(repo.take(doc, ext, now.plusSeconds(60), Duration.ofMinutes(6)).claim())
                .isEqualTo(ExtractionRepository.Claim.HELD_BY_ANOTHER_WORKER);
        ExtractionRepository.ClaimAttempt successor = repo.take(doc, ext, now.plus(Duration.ofMinutes(7)),
                Duration.ofMinutes(6));
        assertThat(successor.claim()).isEqualTo(ExtractionRepository.Claim.CLAIMED);
        assertThat(successor.token()).isNotEqualTo(first.token());
        ExtractionRecord running = repo.find(doc, ext).orElseThrow();
        assertThat(running.attempts()).isEqualTo(2);
        assertThat(running.promptVersion()).isEqualTo("clinical-summary@1");

        // The first worker wakes up after its lease ran out: it can neither give back nor finish what it lost.
        repo.release(doc, ext, first.token());
        assertThat(repo.returnAfterThrottling(doc, ext, now.plus(Duration.ofMinutes(8)), first.token())).isEmpty();
        assertThat(repo.finish(running.failed(now.plus(Duration.ofMinutes(8)), ErrorCategory.INVALID_DOCUMENT,
                "stale worker", null), first.token())).isFalse();
        assertThat(repo.find(doc, ext).orElseThrow().status()).isEqualTo(ExtractionStatus.RUNNING);
        assertThat(repo.leaseEnd(doc, ext)).contains(now.plus(Duration.ofMinutes(13)));
        // The successor's claim still holds, and it finishes.
        assertThat(repo.finish(running.failed(now.plus(Duration.ofMinutes(9)), ErrorCategory.INVALID_DOCUMENT,
                "successor", null), successor.token())).isTrue();
        assertThat(repo.find(doc, ext).orElseThrow().errorMessage()).isEqualTo("successor");
    }

    @Test
    void withLessThanAMinuteLeftMessagesAreHandedBackUnstarted() {
        String documentId = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody("a.txt",
                "text/plain", TestDocuments.dischargeSummary("Late Invocation").getBytes(StandardCharsets.UTF_8)))
                .body().get("documentId").asText();
        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        List<Message> messages = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                .maxNumberOfMessages(5)).messages();
        JsonNode answer = LocalPlatform.invoke(platform.extract, platform.sqsEvent(messages),
                new TestContext("late", 30_000));
        assertThat(answer.get("batchItemFailures")).hasSize(1);
        assertThat(platform.bedrock.calls()).isEmpty();
        assertThat(platform.extractions.latestFor(documentId)).isEmpty();
    }

    @Test
    void aRetriedRequestResendsTheMessageTheFirstOneMayHaveLost() {
        String documentId = platform.uploadText("Lost Message");
        Map<String, String> key = Map.of("Idempotency-Key", "lost-message-0001");
        String first = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId),
                Map.of(), key, null).body().get("extractionId").asText();
        // The first invocation died after writing the item and before (or while) sending its message.
        platform.clients.sqs().purgeQueue(b -> b.queueUrl(platform.queueUrl));
        LocalPlatform.ApiResult retry = platform.api(platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", documentId), Map.of(), key, null);
        assertThat(retry.body().get("extractionId").asText()).isEqualTo(first);
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(platform.extractions.findById(first).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
        assertThat(platform.bedrock.answered()).isEqualTo(1);
    }

    @Test
    void slowBedrockAnswersStillComplete() {
        platform.bedrock.delayMillis(1_500);
        String documentId = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody("a.txt",
                "text/plain", TestDocuments.dischargeSummary("Slow Answer").getBytes(StandardCharsets.UTF_8)))
                .body().get("documentId").asText();
        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(platform.extractions.latestFor(documentId).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
    }
}
