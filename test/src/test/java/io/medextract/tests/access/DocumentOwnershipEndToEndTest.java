package io.medextract.tests.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.tests.evaluation.SampleEvaluationSet;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Owner scoping on the local servers, through the real handlers: what a caller reads and re-extracts of another
 * caller's documents, extractions and evaluation sets in both access modes, what the any-owner routes read, and
 * the rule for items written before owners were recorded.
 */
class DocumentOwnershipEndToEndTest {

    /** An intake service's role, as two of its tasks sign (two sessions, one owner). */
    private static final String INTAKE_TASK_1 = "arn:aws:sts::111122223333:assumed-role/intake-service/task-1a2b3c";
    private static final String INTAKE_TASK_2 = "arn:aws:sts::111122223333:assumed-role/intake-service/task-9z8y7x";
    private static final String INTAKE_ROLE = "arn:aws:sts::111122223333:assumed-role/intake-service";
    private static final String BOB = "arn:aws:iam::111122223333:user/bob";
    private static final String UNKNOWN_DOCUMENT = "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final String UNKNOWN_EXTRACTION = "ext_01JZZZZZZZZZZZZZZZZZZZZZZZ";

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anotherOwnersDocumentAnswersExactlyAsAnUnknownIdAndCannotBeReextracted() {
        platform = LocalPlatform.start();
        String documentId = uploadAndExtract(INTAKE_TASK_1, "Owner Scoped");
        String extractionId = platform.extractions.allFor(documentId).get(0).extractionId();
        assertThat(platform.documents.find(documentId).orElseThrow().owner()).isEqualTo(INTAKE_ROLE);

        // Another session of the same role is the same owner.
        ApiResult own = as(INTAKE_TASK_2, "GET", "/api/documents/{id}", documentId);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("owner").asText()).isEqualTo(INTAKE_ROLE);
        assertThat(as(INTAKE_TASK_2, "GET", "/api/extract/{id}", documentId).status()).isEqualTo(200);

        // Someone else: 404 with the same code and message an unknown id gets, for every read and the re-extract.
        assertSameAsUnknown(as(BOB, "GET", "/api/documents/{id}", documentId),
                as(BOB, "GET", "/api/documents/{id}", UNKNOWN_DOCUMENT), documentId, UNKNOWN_DOCUMENT);
        assertSameAsUnknown(as(BOB, "GET", "/api/extract/{id}", documentId),
                as(BOB, "GET", "/api/extract/{id}", UNKNOWN_DOCUMENT), documentId, UNKNOWN_DOCUMENT);
        assertSameAsUnknown(as(BOB, "GET", "/api/extract/{id}", extractionId),
                as(BOB, "GET", "/api/extract/{id}", UNKNOWN_EXTRACTION), extractionId, UNKNOWN_EXTRACTION);
        assertSameAsUnknown(as(BOB, "POST", "/api/extract/{id}", documentId),
                as(BOB, "POST", "/api/extract/{id}", UNKNOWN_DOCUMENT), documentId, UNKNOWN_DOCUMENT);
        assertThat(platform.extractions.allFor(documentId)).as("nothing queued for the refused re-extract").hasSize(1);
        assertThat(platform.queueDepth(platform.queueUrl)).isZero();

        // A Cognito user is an owner of its own, apart from IAM callers and from other users.
        assertThat(platform.apiAs("user-sub-1", platform.upload, "GET", "/api/documents/{id}",
                Map.of("id", documentId), Map.of(), Map.of(), null).status()).isEqualTo(404);

        // The any-owner routes (their own scope or grant at API Gateway) read every owner's.
        ApiResult reviewed = as(BOB, "GET", "/api/any-owner/documents/{id}", documentId);
        assertThat(reviewed.status()).isEqualTo(200);
        assertThat(reviewed.body().get("filename").asText()).isEqualTo("discharge.txt");
        ApiResult result = as(BOB, "GET", "/api/any-owner/extract/{id}", extractionId);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().at("/result/patient/name").asText()).isEqualTo("Owner Scoped");
        assertThat(as(BOB, "GET", "/api/any-owner/extract/{id}", documentId).body().get("extractionId").asText())
                .isEqualTo(extractionId);
    }

    @Test
    void inSharedModeAnotherCallersReextractionNeverReplacesWhatTheOwnerReads() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().documentAccess(DocumentAccess.SHARED));
        String documentId = uploadAndExtract(INTAKE_TASK_1, "Shared Reading");
        String uploadExtraction = platform.extractions.allFor(documentId).get(0).extractionId();

        assertThat(as(BOB, "GET", "/api/documents/{id}", documentId).status()).isEqualTo(200);
        ApiResult queued = platform.apiAsIam(BOB, platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId),
                Map.of("promptVersion", "clinical-summary@2"), null);
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.body().get("requestedBy").asText()).isEqualTo(BOB);
        String bobs = queued.body().get("extractionId").asText();
        platform.drainQueue(Duration.ofSeconds(60));

        // The owner's view (the default) still shows the upload's extraction, for the owner and for Bob.
        assertThat(newest(INTAKE_TASK_2, documentId, null)).isEqualTo(uploadExtraction);
        assertThat(newest(BOB, documentId, null)).isEqualTo(uploadExtraction);
        assertThat(as(INTAKE_TASK_2, "GET", "/api/documents/{id}", documentId).body()
                .at("/latestExtraction/extractionId").asText()).isEqualTo(uploadExtraction);
        // Asked otherwise: whoever asked, or only the reader's own requests.
        assertThat(newest(INTAKE_TASK_2, documentId, "any")).isEqualTo(bobs);
        assertThat(newest(BOB, documentId, "me")).isEqualTo(bobs);
        assertThat(platform.apiAsIam(INTAKE_TASK_2, platform.extract, "GET", "/api/extract/{id}",
                Map.of("id", documentId), Map.of("requestedBy", "me"), null).status()).isEqualTo(404);
        assertThat(platform.apiAsIam(BOB, platform.extract, "GET", "/api/extract/{id}", Map.of("id", documentId),
                Map.of("requestedBy", "everyone"), null).status()).isEqualTo(400);

        // The owner's own re-extraction is what the owner's view shows next.
        String owners = platform.apiAsIam(INTAKE_TASK_1, platform.extract, "POST", "/api/extract/{id}",
                Map.of("id", documentId), Map.of(), null).body().get("extractionId").asText();
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(newest(BOB, documentId, null)).isEqualTo(owners);
    }

    /**
     * Items written before owners were recorded have none: nobody owns them, so only the any-owner routes read them
     * (OWNER_ONLY), and every reader does (SHARED).
     */
    @Test
    void itemsWithoutAnOwnerAreReadOnlyAcrossOwnersUnlessShared() {
        platform = LocalPlatform.start();
        String documentId = uploadAndExtract(INTAKE_TASK_1, "Before Owners");
        forgetOwner(documentId);
        assertThat(as(INTAKE_TASK_1, "GET", "/api/documents/{id}", documentId).status()).isEqualTo(404);
        assertThat(as(INTAKE_TASK_1, "GET", "/api/extract/{id}", documentId).status()).isEqualTo(404);
        assertThat(as(INTAKE_TASK_1, "POST", "/api/extract/{id}", documentId).status()).isEqualTo(404);
        assertThat(as(BOB, "GET", "/api/any-owner/documents/{id}", documentId).status()).isEqualTo(200);
        assertThat(as(BOB, "GET", "/api/any-owner/extract/{id}", documentId).status()).isEqualTo(200);
        platform.close();

        platform = LocalPlatform.start(LocalPlatform.Options.defaults().documentAccess(DocumentAccess.SHARED));
        String shared = uploadAndExtract(INTAKE_TASK_1, "Before Owners Shared");
        forgetOwner(shared);
        assertThat(as(BOB, "GET", "/api/documents/{id}", shared).status()).isEqualTo(200);
        assertThat(as(BOB, "GET", "/api/extract/{id}", shared).body().at("/result/patient/name").asText())
                .isEqualTo("Before Owners Shared");
    }

    @Test
    void anEvaluationSetsLabelledDocumentsAreTheOwnersWhileItsNameAndCountsAreEveryones() {
        platform = LocalPlatform.start();
        ObjectNode body = LocalPlatform.JSON.createObjectNode().put("name", "ward-7-letters").put("template",
                "clinical-summary");
        body.putArray("documents").addObject().put("filename", "Ward7 Patient.txt").put("contentType", "text/plain")
                .put("contentBase64", Base64.getEncoder().encodeToString(
                        TestDocuments.dischargeSummary("Ward Seven").getBytes(StandardCharsets.UTF_8)))
                .set("expected", SampleEvaluationSet.expectedFor("Ward Seven"));
        ApiResult created = platform.apiAsIam(INTAKE_TASK_1, platform.experiments, "POST", "/api/evaluation-sets",
                Map.of(), Map.of(), body.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String set = created.body().get("set").asText();
        String labelled = created.body().at("/documents/0/documentId").asText();
        assertThat(created.body().get("owner").asText()).isEqualTo(INTAKE_ROLE);

        ApiResult seenByBob = platform.apiAsIam(BOB, platform.experiments, "GET", "/api/evaluation-sets/{id}",
                Map.of("id", set), Map.of(), null);
        assertThat(seenByBob.status()).isEqualTo(200);
        assertThat(seenByBob.body().get("documentCount").asInt()).isEqualTo(1);
        assertThat(seenByBob.body().get("documentsShown").asBoolean()).isFalse();
        assertThat(seenByBob.body().has("documents")).isFalse();
        assertThat(seenByBob.body().toString()).doesNotContain("Ward Seven").doesNotContain("Ward7 Patient");
        JsonNode listed = platform.apiAsIam(BOB, platform.experiments, "GET", "/api/evaluation-sets", Map.of(),
                Map.of(), null).body();
        assertThat(listed.toString()).contains("ward-7-letters").doesNotContain("Ward Seven");

        ObjectNode another = (ObjectNode) body.get("documents").get(0).deepCopy();
        ApiResult added = platform.apiAsIam(BOB, platform.experiments, "POST", "/api/evaluation-sets/{id}/documents",
                Map.of("id", set), Map.of(), another.toString());
        assertThat(added.status()).isEqualTo(403);
        assertThat(added.body().get("error").asText()).isEqualTo("forbidden");
        assertThat(platform.apiAsIam(INTAKE_TASK_2, platform.experiments, "POST", "/api/evaluation-sets/{id}/documents",
                Map.of("id", set), Map.of(), another.toString()).status()).isEqualTo(201);

        ApiResult reviewed = platform.apiAsIam(BOB, platform.experiments, "GET", "/api/any-owner/evaluation-sets/{id}",
                Map.of("id", set), Map.of(), null);
        assertThat(reviewed.body().get("documentsShown").asBoolean()).isTrue();
        assertThat(reviewed.body().at("/documents/0/expected/patient/name").asText()).isEqualTo("Ward Seven");
        // The labelled document itself is the set owner's document.
        assertThat(as(BOB, "GET", "/api/documents/{id}", labelled).status()).isEqualTo(404);
        assertThat(as(INTAKE_TASK_2, "GET", "/api/documents/{id}", labelled).status()).isEqualTo(200);
    }

    private String uploadAndExtract(String caller, String patient) {
        ApiResult uploaded = platform.apiAsIam(caller, platform.upload, "POST", "/api/upload", Map.of(), Map.of(),
                TestDocuments.uploadBody("discharge.txt", "text/plain",
                        TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String documentId = uploaded.body().get("documentId").asText();
        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        platform.drainQueue(Duration.ofSeconds(60));
        return documentId;
    }

    private ApiResult as(String caller, String method, String resource, String id) {
        var handler = resource.contains("documents") ? platform.upload : platform.extract;
        return platform.apiAsIam(caller, handler, method, resource, Map.of("id", id), Map.of(), null);
    }

    private String newest(String caller, String documentId, String requestedBy) {
        ApiResult r = platform.apiAsIam(caller, platform.extract, "GET", "/api/extract/{id}", Map.of("id", documentId),
                requestedBy == null ? Map.of() : Map.of("requestedBy", requestedBy), null);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("extractionId").asText();
    }

    private static void assertSameAsUnknown(ApiResult refused, ApiResult unknown, String id, String unknownId) {
        assertThat(refused.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(refused.body().get("error").asText()).isEqualTo(unknown.body().get("error").asText());
        assertThat(refused.body().get("message").asText())
                .isEqualTo(unknown.body().get("message").asText().replace(unknownId, id));
    }

    /** The document item as written before owners were recorded. */
    private void forgetOwner(String documentId) {
        platform.clients.dynamoDb().updateItem(b -> b.tableName(platform.resultsTable)
                .key(Map.of("pk", AttributeValue.fromS("DOC#" + documentId), "sk", AttributeValue.fromS("META")))
                .updateExpression("REMOVE #owner")
                .expressionAttributeNames(Map.of("#owner", "owner")));
    }
}
