package io.medextract.tests.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.domain.DocumentTombstone;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.tests.evaluation.SampleEvaluationSet;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DELETE /api/documents/{id} on the local servers: every object version and delete marker, every item and index
 * entry of the document and its extractions, an evaluation document's labelled item, a tombstone without PHI,
 * repeated and interrupted erasures, and evaluation sets and runs after one of their documents is gone.
 */
class DocumentErasureEndToEndTest {

    private static final String OWNER = "arn:aws:iam::111122223333:user/uploader";
    private static final String PRIVACY_OFFICER = "arn:aws:sts::111122223333:assumed-role/privacy-office/jdoe";
    private static final String PATIENT = "Erin Erasable";
    private static final String FILENAME = "Erin Erasable discharge.txt";

    private LocalPlatform platform;

    @BeforeEach
    void start() {
        platform = LocalPlatform.start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void everyVersionItemAndIndexEntryGoesAndOnlyATombstoneWithoutPhiStays() {
        String documentId = upload(PATIENT, FILENAME);
        String kept = upload("Kept Person", "kept.txt");
        String key = platform.documents.find(documentId).orElseThrow().objectKey();
        platform.objectCreated(key);
        platform.objectCreated(platform.documents.find(kept).orElseThrow().objectKey());
        platform.drainQueue(Duration.ofSeconds(60));
        platform.apiAsIam(OWNER, platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(), null);
        platform.drainQueue(Duration.ofSeconds(60));
        List<ExtractionRecord> extractions = platform.extractions.allFor(documentId);
        assertThat(extractions).hasSize(2);
        // A second version of the object and a delete marker, as an overwrite and a plain DELETE would leave them.
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(key), RequestBody.fromString("v2 " + PATIENT));
        platform.clients.s3().deleteObject(b -> b.bucket(platform.bucket).key(key));
        assertThat(versionsUnder("uploads/" + documentId + "/")).isEqualTo(3);
        Instant hour = extractions.get(0).completedAt();
        assertThat(completedInHourOf(hour)).contains(documentId);

        ApiResult erased = delete(documentId);
        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(200);
        assertThat(erased.body().get("status").asText()).isEqualTo("DELETED");
        assertThat(erased.body().get("deletedBy").asText()).isEqualTo(PRIVACY_OFFICER);
        assertThat(erased.body().get("alreadyDeleted").asBoolean()).isFalse();
        assertThat(erased.body().at("/erased/objectVersions").asInt()).isEqualTo(3);
        // the document, its two extractions and the owner's active-extraction marker (DOC#<id> / ACTIVE#<owner>)
        assertThat(erased.body().at("/erased/items").asInt()).isEqualTo(4);

        assertThat(versionsUnder("uploads/" + documentId + "/")).isZero();
        List<Map<String, AttributeValue>> left = itemsOf(documentId);
        assertThat(left).singleElement().satisfies(tombstone -> {
            assertThat(tombstone.keySet()).containsExactlyInAnyOrder("pk", "sk", "entity", "documentId", "deletedAt",
                    "deletedBy", "requestId");
            assertThat(tombstone.get("sk").s()).isEqualTo("TOMBSTONE");
            assertThat(tombstone.toString()).doesNotContain(PATIENT).doesNotContain("Erasable").doesNotContain(".txt");
        });
        for (ExtractionRecord e : extractions) {
            assertThat(platform.clients.dynamoDb().query(b -> b.tableName(platform.resultsTable).indexName("byExtractionId")
                    .keyConditionExpression("extractionId = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(e.extractionId())))).items()).isEmpty();
            assertThat(read("/api/extract/{id}", e.extractionId(), OWNER).status()).isEqualTo(404);
        }
        assertThat(completedInHourOf(hour)).doesNotContain(documentId).contains(kept);
        assertThat(platform.scan(platform.resultsTable).toString()).doesNotContain(PATIENT).doesNotContain("Erasable");
        assertThat(read("/api/documents/{id}", documentId, OWNER).status()).isEqualTo(404);
        assertThat(read("/api/any-owner/documents/{id}", documentId, PRIVACY_OFFICER).status()).isEqualTo(404);

        // Nothing of the other document went.
        assertThat(read("/api/extract/{id}", kept, OWNER).body().at("/result/patient/name").asText()).isEqualTo("Kept Person");
        assertThat(versionsUnder("uploads/" + kept + "/")).isEqualTo(1);
    }

    @Test
    void aRepeatedOrInterruptedErasureCompletesAndAnswersTheFirstTombstone() {
        String documentId = upload(PATIENT, FILENAME);
        ApiResult first = delete(documentId);
        ApiResult again = delete(documentId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("alreadyDeleted").asBoolean()).isTrue();
        assertThat(again.body().get("deletedAt")).isEqualTo(first.body().get("deletedAt"));
        assertThat(again.body().at("/erased/items").asInt()).isZero();
        assertThat(delete("doc_01JZZZZZZZZZZZZZZZZZZZZZZZ").status()).isEqualTo(404);
        assertThat(delete("not-a-document").status()).isEqualTo(400);

        // An erasure that died after its tombstone: the next DELETE finds the tombstone and finishes the work.
        String interrupted = upload("Half Erased", "half.txt");
        Instant at = Instant.parse("2026-11-25T08:00:00Z");
        platform.documents.putTombstone(new DocumentTombstone(interrupted, at, PRIVACY_OFFICER, "req-1", null));
        ApiResult finished = delete(interrupted);
        assertThat(finished.body().get("alreadyDeleted").asBoolean()).isTrue();
        assertThat(finished.body().get("deletedAt").asText()).isEqualTo(at.toString());
        assertThat(finished.body().at("/erased/objectVersions").asInt()).isEqualTo(1);
        assertThat(finished.body().at("/erased/items").asInt()).isEqualTo(1);
        assertThat(itemsOf(interrupted)).extracting(i -> i.get("sk").s()).containsExactly("TOMBSTONE");
    }

    @Test
    void anErasedEvaluationDocumentLeavesItsSetAndRunsCompleteOnTheRest() {
        ObjectNode body = LocalPlatform.JSON.createObjectNode().put("name", "erasure-set").put("template",
                "clinical-summary");
        ArrayNode documents = body.putArray("documents");
        for (String patient : List.of(PATIENT, "Stays Labelled", "Old Labelled")) {
            documents.addObject().put("filename", patient + ".txt").put("contentType", "text/plain")
                    .put("contentBase64", Base64.getEncoder().encodeToString(
                            TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)))
                    .set("expected", SampleEvaluationSet.expectedFor(patient));
        }
        ApiResult created = platform.apiAsIam(OWNER, platform.experiments, "POST", "/api/evaluation-sets", Map.of(),
                Map.of(), body.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String set = created.body().get("set").asText();
        String erased = created.body().at("/documents/0/documentId").asText();
        String legacy = created.body().at("/documents/2/documentId").asText();

        assertThat(delete(erased).body().at("/erased/labelledEvaluationItems").asInt()).isEqualTo(1);
        // A labelled document stored before its document item named its set: the erasure looks for it.
        platform.clients.dynamoDb().updateItem(b -> b.tableName(platform.resultsTable)
                .key(Map.of("pk", AttributeValue.fromS("DOC#" + legacy), "sk", AttributeValue.fromS("META")))
                .updateExpression("REMOVE evaluationSet"));
        assertThat(delete(legacy).body().at("/erased/labelledEvaluationItems").asInt()).isEqualTo(1);
        assertThat(versionsUnder("evaluation/" + erased + "/")).isZero();
        assertThat(platform.scan(platform.experimentsTable).toString()).doesNotContain(PATIENT).doesNotContain("Old Labelled")
                .contains("Stays Labelled");

        JsonNode shown = platform.apiAsIam(OWNER, platform.experiments, "GET", "/api/evaluation-sets/{id}",
                Map.of("id", set), Map.of(), null).body();
        assertThat(shown.get("documents")).extracting(d -> d.get("filename").asText()).containsExactly("Stays Labelled.txt");

        ApiResult run = platform.apiAsIam(OWNER, platform.experiments, "POST", "/api/evaluations", Map.of(), Map.of(),
                "{\"set\":\"" + set + "\",\"promptVersion\":\"clinical-summary@1\"}");
        assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        platform.drainQueue(Duration.ofSeconds(60));
        JsonNode done = platform.apiAsIam(OWNER, platform.experiments, "GET", "/api/evaluations/{id}",
                Map.of("id", run.body().get("runId").asText()), Map.of(), null).body();
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("documents")).hasSize(1);
    }

    private String upload(String patient, String filename) {
        ApiResult r = platform.apiAsIam(OWNER, platform.upload, "POST", "/api/upload", Map.of(), Map.of(),
                TestDocuments.uploadBody(filename, "text/plain",
                        TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().get("documentId").asText();
    }

    private ApiResult delete(String documentId) {
        return platform.apiAsIam(PRIVACY_OFFICER, platform.upload, "DELETE", "/api/documents/{id}",
                Map.of("id", documentId), Map.of(), null);
    }

    private ApiResult read(String resource, String id, String caller) {
        var handler = resource.contains("documents") ? platform.upload : platform.extract;
        return platform.apiAsIam(caller, handler, "GET", resource, Map.of("id", id), Map.of(), null);
    }

    private int versionsUnder(String prefix) {
        var listed = platform.clients.s3().listObjectVersions(b -> b.bucket(platform.bucket).prefix(prefix));
        return listed.versions().size() + listed.deleteMarkers().size();
    }

    private List<Map<String, AttributeValue>> itemsOf(String documentId) {
        return platform.clients.dynamoDb().query(b -> b.tableName(platform.resultsTable).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("DOC#" + documentId)))).items();
    }

    /** Document ids in the byCompletedHour index for the hour of {@code at} (what the rollup reads). */
    private Set<String> completedInHourOf(Instant at) {
        String hour = io.medextract.handlers.store.ExtractionRepository.HOUR.format(at);
        return platform.clients.dynamoDb().query(b -> b.tableName(platform.resultsTable).indexName("byCompletedHour")
                        .keyConditionExpression("completedHour = :h")
                        .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hour)))).items().stream()
                .map(i -> i.get("documentId").s()).collect(Collectors.toCollection(TreeSet::new));
    }
}
