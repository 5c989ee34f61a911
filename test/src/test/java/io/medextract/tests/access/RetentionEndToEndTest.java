package io.medextract.tests.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.domain.Retention;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Retention on the local servers. dynalite keeps TTL attributes as data and deletes nothing, so this asserts the
 * attribute every item gets (DocumentLifecycleTemplateTest asserts the tables' TimeToLiveSpecification) and that the
 * API treats an item past its instant as gone.
 */
class RetentionEndToEndTest {

    private static final Duration KEPT = Duration.ofDays(30);
    private static final String FILENAME = "Rita Retained referral.txt";

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void documentsTheirExtractionsAndLabelledDocumentsExpireTogether() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().retention(Retention.days(KEPT.toDays())));
        String inline = uploadInline("Rita Retained");
        Instant created = platform.documents.find(inline).orElseThrow().createdAt();
        long until = created.plus(KEPT).getEpochSecond();
        assertThat(expiresAt(item(inline, "META"))).isEqualTo(until);
        platform.objectCreated(platform.documents.find(inline).orElseThrow().objectKey());
        platform.drainQueue(Duration.ofSeconds(60));
        String requested = platform.post(platform.extract, "/api/extract/{id}", Map.of("id", inline), null).body()
                .get("extractionId").asText();
        platform.drainQueue(Duration.ofSeconds(60));
        List<Map<String, AttributeValue>> extractions = extractionItems(inline);
        assertThat(extractions).hasSize(2).allSatisfy(e -> assertThat(expiresAt(e)).isEqualTo(until));
        assertThat(extractions).anySatisfy(e -> assertThat(e.get("extractionId").s()).isEqualTo(requested));

        // A presigned upload: a day while pending, its retention once the object arrived.
        ApiResult issued = platform.post(platform.upload, "/api/upload", Map.of(),
                "{\"filename\":\"" + FILENAME + "\",\"contentType\":\"text/plain\",\"sizeBytes\":" + text().length + "}");
        String presigned = issued.body().get("documentId").asText();
        Instant issuedAt = platform.documents.find(presigned).orElseThrow().createdAt();
        assertThat(expiresAt(item(presigned, "META"))).isEqualTo(issuedAt.plus(Retention.PENDING_UPLOAD).getEpochSecond());
        assertThat(Instant.parse(issued.body().get("expiresAt").asText()).getEpochSecond())
                .isEqualTo(issuedAt.plus(Retention.PENDING_UPLOAD).getEpochSecond());
        String key = platform.documents.find(presigned).orElseThrow().objectKey();
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(key).contentType("text/plain"),
                RequestBody.fromBytes(text()));
        platform.objectCreated(key);
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(item(presigned, "META").get("status").s()).isEqualTo("UPLOADED");
        assertThat(expiresAt(item(presigned, "META"))).isEqualTo(issuedAt.plus(KEPT).getEpochSecond());
        assertThat(extractionItems(presigned)).singleElement()
                .satisfies(e -> assertThat(expiresAt(e)).isEqualTo(issuedAt.plus(KEPT).getEpochSecond()));

        // Evaluation documents: the document item, the labelled item and the run's extraction.
        ObjectNode body = LocalPlatform.JSON.createObjectNode().put("name", "retained-set").put("template",
                "clinical-summary");
        body.putArray("documents").addObject().put("filename", "Ray Retained.txt").put("contentType", "text/plain")
                .put("contentBase64", Base64.getEncoder().encodeToString(
                        TestDocuments.dischargeSummary("Ray Retained").getBytes(StandardCharsets.UTF_8)))
                .set("expected", SampleEvaluationSet.expectedFor("Ray Retained"));
        ApiResult set = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(), body.toString());
        String labelled = set.body().at("/documents/0/documentId").asText();
        long labelledUntil = Instant.parse(set.body().get("createdAt").asText()).plus(KEPT).getEpochSecond();
        assertThat(expiresAt(item(labelled, "META"))).isCloseTo(labelledUntil, org.assertj.core.data.Offset.offset(2L));
        Map<String, AttributeValue> labelledItem = platform.scan(platform.experimentsTable).stream()
                .filter(i -> i.containsKey("documentId") && i.get("documentId").s().equals(labelled)).findFirst().orElseThrow();
        assertThat(expiresAt(labelledItem)).isEqualTo(expiresAt(item(labelled, "META")));
        platform.post(platform.experiments, "/api/evaluations", Map.of(),
                "{\"set\":\"" + set.body().get("set").asText() + "\",\"promptVersion\":\"clinical-summary@1\"}");
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(extractionItems(labelled)).singleElement()
                .satisfies(e -> assertThat(expiresAt(e)).isEqualTo(expiresAt(item(labelled, "META"))));

        // Past its instant the API answers as for an unknown id, although dynalite (like DynamoDB for a while) keeps
        // the item.
        platform.clock.advance(KEPT.plusMinutes(1));
        assertThat(platform.get(platform.upload, "/api/documents/{id}", Map.of("id", inline)).status()).isEqualTo(404);
        assertThat(platform.get(platform.extract, "/api/extract/{id}", Map.of("id", inline)).status()).isEqualTo(404);
        assertThat(platform.get(platform.extract, "/api/extract/{id}", Map.of("id", requested)).status()).isEqualTo(404);
        assertThat(platform.post(platform.extract, "/api/extract/{id}", Map.of("id", inline), null).status()).isEqualTo(404);
        assertThat(platform.documents.find(inline)).isPresent();
    }

    @Test
    void withoutRetentionOnlyAnAbandonedPresignedUploadExpiresAndItsFileNameWithIt() {
        platform = LocalPlatform.start();
        String inline = uploadInline("Kept Forever");
        assertThat(item(inline, "META")).doesNotContainKey("expiresAt");
        platform.objectCreated(platform.documents.find(inline).orElseThrow().objectKey());
        platform.drainQueue(Duration.ofSeconds(60));
        assertThat(extractionItems(inline)).singleElement().satisfies(e -> assertThat(e).doesNotContainKey("expiresAt"));

        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "abandoned-0001");
        ApiResult issued = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers,
                "{\"filename\":\"" + FILENAME + "\",\"contentType\":\"text/plain\",\"sizeBytes\":100}");
        String abandoned = issued.body().get("documentId").asText();
        Instant issuedAt = platform.documents.find(abandoned).orElseThrow().createdAt();
        assertThat(expiresAt(item(abandoned, "META"))).isEqualTo(issuedAt.plus(Retention.PENDING_UPLOAD).getEpochSecond());
        // The idempotency record (24 h) keeps a digest of the request, never the file name.
        assertThat(platform.scan(platform.resultsTable).stream().filter(i -> i.get("pk").s().startsWith("IDEMP#")))
                .singleElement().satisfies(i -> assertThat(i.toString()).doesNotContain("Rita").doesNotContain(".txt"));
        assertThat(platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers,
                "{\"filename\":\"" + FILENAME + "\",\"contentType\":\"text/plain\",\"sizeBytes\":100}").body()
                .get("documentId").asText()).as("a retry still finds its document").isEqualTo(abandoned);

        platform.clock.advance(Retention.PENDING_UPLOAD.plusMinutes(1));
        assertThat(platform.get(platform.upload, "/api/documents/{id}", Map.of("id", abandoned)).status()).isEqualTo(404);
        assertThat(platform.get(platform.upload, "/api/documents/{id}", Map.of("id", inline)).status()).isEqualTo(200);
    }

    private String uploadInline(String patient) {
        ApiResult r = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody(FILENAME,
                "text/plain", TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().get("documentId").asText();
    }

    private static byte[] text() {
        return TestDocuments.dischargeSummary("Pre Signed").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, AttributeValue> item(String documentId, String sortKey) {
        return platform.clients.dynamoDb().getItem(b -> b.tableName(platform.resultsTable).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("DOC#" + documentId), "sk", AttributeValue.fromS(sortKey)))).item();
    }

    private List<Map<String, AttributeValue>> extractionItems(String documentId) {
        return platform.clients.dynamoDb().query(b -> b.tableName(platform.resultsTable).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ext)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("DOC#" + documentId),
                        ":ext", AttributeValue.fromS("EXT#")))).items();
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        assertThat(item).containsKey("expiresAt");
        assertThat(item.get("expiresAt").n()).as("a Number in epoch seconds, as TTL requires").matches("\\d{10}");
        return Long.parseLong(item.get("expiresAt").n());
    }
}
