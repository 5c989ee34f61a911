package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.fixtures.HostileDocuments;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Hostile documents through the handlers on the local stand-ins: the upload function refuses what their headers
 * and page trees declare (400, nothing stored); uploaded through presigned URLs instead (which the upload
 * function never reads), every one ends FAILED / INVALID_DOCUMENT with its document REJECTED, in the same SQS
 * batch as a normal note, which succeeds, and the batch answers with no failures.
 */
class HostileDocumentsEndToEndTest extends LocalPlatformTest {

    /** Refused from what they declare (headers, page directories, page trees): at upload already. */
    private static final Set<String> REFUSED_AT_UPLOAD = Set.of("many-pages", "deep-page-tree", "shared-strip-tiff",
            "many-large-tiff-pages", "looping-tiff", "progressive-jpeg", "progressive-jpeg-buffer", "huge-png");

    @Test
    void inlineUploadsOfDeclaredBombsGetA400AndStoreNothing() {
        for (HostileDocuments.Bomb bomb : HostileDocuments.all()) {
            int objectsBefore = platform.snapshot().objectVersions();
            LocalPlatform.ApiResult r = platform.post(platform.upload, "/api/upload", Map.of(),
                    TestDocuments.uploadBody("scan", bomb.mediaType(), bomb.content()));
            if (REFUSED_AT_UPLOAD.contains(bomb.name())) {
                assertThat(r.status()).as(bomb + ": " + r.body()).isEqualTo(400);
                assertThat(r.body().get("error").asText()).isEqualTo("invalid_document");
                assertThat(platform.snapshot().objectVersions()).as(bomb.name()).isEqualTo(objectsBefore);
            } else {
                // Only decoding finds these out: the extract function refuses them (next test).
                assertThat(r.status()).as(bomb + ": " + r.body()).isEqualTo(201);
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard: before the limits, some bombs ran for hours
    void everyBombEndsInvalidWhileANormalNoteInTheSameBatchSucceeds() {
        Map<String, String> bombDocuments = new LinkedHashMap<>();
        for (HostileDocuments.Bomb bomb : HostileDocuments.all()) {
            bombDocuments.put(platform.storedThroughPresignedUrl(bomb.mediaType(), bomb.content()), bomb.name());
        }
        String note = platform.storedThroughPresignedUrl("text/plain",
                TestDocuments.dischargeSummary("Batch Neighbour").getBytes(StandardCharsets.UTF_8));

        List<Message> messages = new ArrayList<>();
        while (messages.size() < bombDocuments.size() + 1) {
            messages.addAll(platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        // Two batches (SQS hands out at most 10 messages at a time), as the event source mapping would send them.
        for (List<Message> batch : List.of(messages.subList(0, 10), messages.subList(10, messages.size()))) {
            JsonNode answer = LocalPlatform.invoke(platform.extract, platform.sqsEvent(batch));
            assertThat(answer.get("batchItemFailures")).as(answer.toString()).isEmpty();
        }

        for (Map.Entry<String, String> entry : bombDocuments.entrySet()) {
            ExtractionRecord extraction = platform.extractions.latestFor(entry.getKey()).orElseThrow();
            assertThat(extraction.status()).as(entry.getValue()).isEqualTo(ExtractionStatus.FAILED);
            assertThat(extraction.errorCategory()).as(entry.getValue()).isEqualTo(ErrorCategory.INVALID_DOCUMENT);
            // The message names the limit (or what is broken), never the content.
            assertThat(extraction.errorMessage()).as(entry.getValue()).containsAnyOf("are accepted", "loops back");
            assertThat(platform.documents.find(entry.getKey()).orElseThrow().status()).as(entry.getValue())
                    .isEqualTo(DocumentStatus.REJECTED);
        }
        assertThat(platform.extractions.latestFor(note).orElseThrow().status()).isEqualTo(ExtractionStatus.SUCCEEDED);
        // No bomb reached Bedrock: every refusal came before the model call.
        assertThat(platform.bedrock.calls()).hasSize(1);

        // A refused document cannot be queued again.
        String refused = bombDocuments.keySet().iterator().next();
        String refusedExtraction = platform.extractions.latestFor(refused).orElseThrow().extractionId();
        LocalPlatform.ApiResult again = platform.api(platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", refused), Map.of(), Map.of(), null);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(409);
        assertThat(platform.extractions.latestFor(refused).orElseThrow().extractionId()).isEqualTo(refusedExtraction);
    }
}
