package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.BedrockConverseFake;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upload -> S3 event -> queue -> extraction -> stored result -> GET, with the real handlers and SDK clients
 * against dynalite, S3Mock, ElasticMQ and the Bedrock Converse fake.
 */
class UploadAndExtractionEndToEndTest extends LocalPlatformTest {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Test
    void inlineUploadIsExtractedAndReadable() {
        ApiResult uploaded = uploadText("Ada Testperson");
        assertThat(uploaded.status()).isEqualTo(201);
        String documentId = uploaded.body().get("documentId").asText();
        assertThat(uploaded.body().get("status").asText()).isEqualTo("UPLOADED");
        assertThat(uploaded.headers()).doesNotContainKey("Access-Control-Allow-Origin");

        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);

        ApiResult extraction = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId));
        assertThat(extraction.status()).isEqualTo(200);
        JsonNode body = extraction.body();
        assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.get("promptVersion").asText()).isEqualTo("clinical-summary@1");
        assertThat(body.at("/result/patient/name").asText()).isEqualTo("Ada Testperson");
        assertThat(body.at("/result/diagnoses/0/icd10Code").asText()).isEqualTo("J18.1");
        assertThat(body.at("/quality/schemaValid").asBoolean()).isTrue();
        assertThat(body.at("/quality/fieldCompleteness").asDouble()).isEqualTo(1.0);
        assertThat(body.at("/quality/entityCounts/medications").asInt()).isEqualTo(3);
        assertThat(body.at("/usage/inputTokens").asLong()).isEqualTo(1874);
        // Haiku 4.5: 1874 * $1/M + 642 * $5/M
        assertThat(body.at("/usage/costUsd").asDouble()).isEqualTo(0.005084);

        String extractionId = body.get("extractionId").asText();
        ApiResult byId = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", extractionId));
        assertThat(byId.body().get("documentId").asText()).isEqualTo(documentId);

        ApiResult document = platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId));
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().at("/latestExtraction/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(document.body().get("sha256").asText()).hasSize(64);

        BedrockConverseFake.Call call = platform.bedrock.calls().get(0);
        assertThat(call.usedStructuredOutput()).isTrue();
        assertThat(call.documentFormat()).isEqualTo("txt");
    }

    @Test
    void presignedUploadIsVerifiedWhenTheObjectArrives() throws Exception {
        byte[] pdf = TestDocuments.pdf();
        ApiResult issued = platform.post(platform.upload, "/api/upload", Map.of(),
                "{\"filename\":\"scan 2026.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":" + pdf.length + "}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.body().get("status").asText()).isEqualTo("PENDING_UPLOAD");
        String documentId = issued.body().get("documentId").asText();
        JsonNode upload = issued.body().get("upload");
        assertThat(upload.get("method").asText()).isEqualTo("PUT");

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf));
        upload.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        HttpResponse<String> s3Answer = HttpClient.newHttpClient().send(put.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(s3Answer.statusCode()).isEqualTo(200);

        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);

        JsonNode document = platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId)).body();
        assertThat(document.get("status").asText()).isEqualTo("UPLOADED");
        assertThat(document.at("/latestExtraction/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(platform.bedrock.calls()).singleElement()
                .satisfies(c -> assertThat(c.documentFormat()).isEqualTo("pdf"));
    }

    @Test
    void presignedObjectOfTheWrongTypeIsRejectedNotExtracted() {
        byte[] png = TestDocuments.image("png");
        ApiResult issued = platform.post(platform.upload, "/api/upload", Map.of(),
                "{\"filename\":\"notes.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":" + png.length + "}");
        String documentId = issued.body().get("documentId").asText();
        // A client that ignores the declared type: the bytes are a PNG.
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(objectKey(documentId)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(png));
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);

        JsonNode document = platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId)).body();
        assertThat(document.get("status").asText()).isEqualTo("REJECTED");
        assertThat(document.get("rejectionReason").asText()).contains("application/pdf").contains("image/png");
        JsonNode extraction = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
        assertThat(extraction.get("status").asText()).isEqualTo("FAILED");
        assertThat(extraction.at("/error/category").asText()).isEqualTo("INVALID_DOCUMENT");
        assertThat(platform.bedrock.calls()).isEmpty();
    }

    @Test
    void tiffIsSentToBedrockAsPng() {
        ApiResult uploaded = platform.post(platform.upload, "/api/upload", Map.of(),
                TestDocuments.uploadBody("fax.tiff", "image/tiff", TestDocuments.image("tiff")));
        assertThat(uploaded.status()).isEqualTo(201);
        String documentId = uploaded.body().get("documentId").asText();
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        assertThat(platform.bedrock.calls()).singleElement()
                .satisfies(c -> assertThat(c.documentFormat()).isEqualTo("image:png"));
    }

    @Test
    void duplicateDeliveriesProduceExactlyOneResult() {
        String documentId = uploadText("Duplicate Delivery").body().get("documentId").asText();
        String event = platform.objectCreatedEvent(objectKey(documentId));
        platform.sendToQueue(event);
        platform.sendToQueue(event);
        platform.drainQueue(DRAIN);
        platform.sendToQueue(event); // a late redelivery after the result exists
        platform.drainQueue(DRAIN);

        assertThat(platform.extractions.allFor(documentId)).singleElement()
                .satisfies(e -> assertThat(e.status().name()).isEqualTo("SUCCEEDED"));
        assertThat(platform.bedrock.answered()).isEqualTo(1);
    }

    @Test
    void apiRequestedExtractionUsesTheGivenPromptVersionAndIdempotencyKey() {
        String documentId = uploadText("Prompt Version").body().get("documentId").asText();
        Map<String, String> headers = Map.of("Idempotency-Key", "retry-key-0001");
        ApiResult first = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId),
                Map.of("promptVersion", "clinical-summary@2"), headers, null);
        ApiResult again = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId),
                Map.of("promptVersion", "clinical-summary@2"), headers, null);
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("extractionId")).isEqualTo(first.body().get("extractionId"));
        // The replay re-sends the message of a still QUEUED extraction (the first may have been lost);
        // the conditional claim runs it once all the same.
        assertThat(platform.queueDepth(platform.queueUrl)).isEqualTo(2);

        platform.drainQueue(DRAIN);
        assertThat(platform.bedrock.answered()).isEqualTo(1);
        assertThat(platform.extractions.allFor(documentId)).singleElement();
        JsonNode done = platform.get(platform.extract, "/api/extract/{id}",
                Map.of("id", first.body().get("extractionId").asText())).body();
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("promptVersion").asText()).isEqualTo("clinical-summary@2");
        assertThat(done.get("trigger").asText()).isEqualTo("API");
    }

    @Test
    void thirtyPercentThrottlingStillFinishesEveryDocument() {
        platform.bedrock.throttleRate(0.3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = uploadText("Throttled Patient " + i).body().get("documentId").asText();
            ids.add(id);
            platform.objectCreated(objectKey(id));
        }
        platform.drainQueue(Duration.ofSeconds(120));

        for (String id : ids) {
            JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
            assertThat(e.get("status").asText()).as(id).isEqualTo("SUCCEEDED");
        }
        assertThat(platform.bedrock.calls()).anyMatch(BedrockConverseFake.Call::throttled);
        assertThat(platform.bedrock.answered()).isEqualTo(ids.size());
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }

    @Test
    void accessDeniedFailsOnceWithItsCategory() {
        platform.bedrock.mode(BedrockConverseFake.Mode.ACCESS_DENIED);
        String documentId = uploadText("Denied Person").body().get("documentId").asText();
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.at("/error/category").asText()).isEqualTo("MODEL_ACCESS_DENIED");
        assertThat(platform.bedrock.calls()).hasSize(1);
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }

    @Test
    void malformedSchemaBreakingAndTruncatedAnswersFailWithTheirCategories() {
        Map<BedrockConverseFake.Mode, String> expected = Map.of(
                BedrockConverseFake.Mode.MALFORMED_OUTPUT, "MALFORMED_OUTPUT",
                BedrockConverseFake.Mode.SCHEMA_VIOLATION, "SCHEMA_VIOLATION",
                BedrockConverseFake.Mode.TRUNCATED, "OUTPUT_TRUNCATED",
                BedrockConverseFake.Mode.MODEL_NOT_FOUND, "MODEL_NOT_FOUND",
                BedrockConverseFake.Mode.CONTENT_FILTERED, "CONTENT_FILTERED",
                BedrockConverseFake.Mode.GUARDRAIL_INTERVENED, "GUARDRAIL_INTERVENED");
        expected.forEach((mode, category) -> {
            platform.bedrock.mode(mode);
            String documentId = uploadText("Mode " + mode).body().get("documentId").asText();
            platform.objectCreated(objectKey(documentId));
            platform.drainQueue(DRAIN);
            JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
            assertThat(e.get("status").asText()).as(mode.name()).isEqualTo("FAILED");
            assertThat(e.at("/error/category").asText()).as(mode.name()).isEqualTo(category);
            assertThat(e.has("result")).isFalse();
        });
    }

    @Test
    void enumValuesInAnotherCaseAreStoredInTheSchemasSpelling() {
        platform.bedrock.mode(BedrockConverseFake.Mode.ENUM_CASE_CHANGED);
        String documentId = uploadText("Case Person").body().get("documentId").asText();
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
        assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.at("/result/patient/sex").asText()).isEqualTo("female");
        assertThat(e.at("/result/labs/0/flag").asText()).isEqualTo("high");
        assertThat(e.at("/quality/schemaValid").asBoolean()).isTrue();
    }

    @Test
    void poisonMessagesEndInTheDeadLetterQueue() {
        platform.sendToQueue("this is not json");
        platform.sendToQueue("{\"type\":\"ExtractionRequested\",\"documentId\":\"../../etc\",\"extractionId\":\"x\"}");
        platform.drainQueue(DRAIN);
        assertThat(platform.queueDepth(platform.dlqUrl)).isEqualTo(2);
        assertThat(platform.bedrock.calls()).isEmpty();
    }

    @Test
    void olderModelsAreHeldToTheSchemaWithForcedToolUse() {
        try (LocalPlatform legacy = LocalPlatform.start("anthropic.claude-3-haiku-20240307-v1:0")) {
            ApiResult uploaded = legacy.post(legacy.upload, "/api/upload", Map.of(),
                    TestDocuments.uploadBody("note.txt", "text/plain",
                            TestDocuments.dischargeSummary("Tool User").getBytes(StandardCharsets.UTF_8)));
            String documentId = uploaded.body().get("documentId").asText();
            legacy.objectCreated(legacy.documents.find(documentId).orElseThrow().objectKey());
            legacy.drainQueue(DRAIN);
            JsonNode e = legacy.get(legacy.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
            assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(e.at("/result/patient/name").asText()).isEqualTo("Tool User");
            assertThat(e.at("/quality/stopReason").asText()).isEqualTo("tool_use");
            assertThat(legacy.bedrock.calls()).singleElement().satisfies(c -> {
                assertThat(c.usedToolChoice()).isTrue();
                assertThat(c.usedStructuredOutput()).isFalse();
            });
        }
    }

    /** Two users re-extracting one document: possible where documents are shared (documentAccess SHARED). */
    @Test
    void idempotencyKeysAreScopedToTheCognitoUserWhoSentThem() {
        try (LocalPlatform shared = LocalPlatform.start(LocalPlatform.Options.defaults()
                .documentAccess(io.medextract.handlers.access.DocumentAccess.SHARED))) {
            String documentId = shared.uploadText("Shared Key");
            Map<String, String> key = Map.of("Idempotency-Key", "shared-key-0001");
            Map<String, String> id = Map.of("id", documentId);

            String alice = shared.apiAs("alice-sub", shared.extract, "POST", "/api/extract/{id}", id, Map.of(), key, null)
                    .body().get("extractionId").asText();
            String aliceAgain = shared.apiAs("alice-sub", shared.extract, "POST", "/api/extract/{id}", id, Map.of(), key,
                    null).body().get("extractionId").asText();
            String bob = shared.apiAs("bob-sub", shared.extract, "POST", "/api/extract/{id}", id, Map.of(), key, null)
                    .body().get("extractionId").asText();

            assertThat(aliceAgain).isEqualTo(alice);
            assertThat(bob).isNotEqualTo(alice);
            assertThat(shared.extractions.allFor(documentId)).hasSize(2);
        }
    }

    @Test
    void aRetriedUploadWithTheSameIdempotencyKeyReturnsTheSameDocument() {
        String body = TestDocuments.uploadBody("retry.txt", "text/plain",
                TestDocuments.dischargeSummary("Retry Person").getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "upload-retry-0001");
        ApiResult first = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers, body);
        var afterFirst = platform.snapshot();
        ApiResult again = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers, body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers()).containsEntry("Idempotent-Replay", "true");
        assertThat(again.body().get("documentId")).isEqualTo(first.body().get("documentId"));
        assertThat(platform.snapshot()).isEqualTo(afterFirst);

        String other = TestDocuments.uploadBody("retry.txt", "text/plain", "different".getBytes(StandardCharsets.UTF_8));
        ApiResult conflict = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers, other);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(platform.snapshot()).isEqualTo(afterFirst);

        String presign = "{\"filename\":\"big.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":2000}";
        Map<String, String> presignKey = Map.of("Content-Type", "application/json", "Idempotency-Key", "presign-retry-0001");
        ApiResult p1 = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), presignKey, presign);
        ApiResult p2 = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), presignKey, presign);
        assertThat(p2.body().get("documentId")).isEqualTo(p1.body().get("documentId"));
        assertThat(p2.body().at("/upload/url").asText()).contains(p1.body().get("documentId").asText());
    }

    @Test
    void corsHeaderIsSentForAnAllowedOrigin() {
        ApiResult r = platform.api(platform.upload, "GET", "/api/documents/{id}",
                Map.of("id", "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ"), Map.of(),
                Map.of("Origin", "https://app.example.org"), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsEntry("Access-Control-Allow-Origin", "https://app.example.org");
    }

    private ApiResult uploadText(String patientName) {
        return platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody("discharge.txt",
                "text/plain", TestDocuments.dischargeSummary(patientName).getBytes(StandardCharsets.UTF_8)));
    }

    private String objectKey(String documentId) {
        return platform.documents.find(documentId).orElseThrow().objectKey();
    }
}
