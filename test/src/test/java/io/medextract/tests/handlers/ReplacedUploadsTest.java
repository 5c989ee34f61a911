package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ContentDigest;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.TestDocuments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A checked document stays the document that was checked. A presigned URL writes once: a second PUT gets S3's 412
 * from the local S3 stand-in (which checks the signature, expiry and If-None-Match as S3 does) and nothing changes.
 * An object replaced by other means (any writer with s3:PutObject) is never extracted: the document is quarantined,
 * its extraction stays the latest, the worker logs ids only and counts {@code DocumentReplaced}, which alarms.
 */
class ReplacedUploadsTest {

    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final String PATIENT = "Philippa Quarrington-Vale";
    private static final String OTHER_PATIENT = "Bartholomew Underhay";
    private static final String FILENAME = "Quarrington-Vale discharge.txt";

    private final HttpClient http = HttpClient.newHttpClient();
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
    void aSecondPutToThePresignedUrlIs412AndChangesNothing() throws Exception {
        byte[] pdf = TestDocuments.pdf();
        JsonNode issued = presign("scan.pdf", "application/pdf", pdf.length);
        String documentId = issued.get("documentId").asText();
        assertThat(issued.at("/upload/headers/if-none-match").asText()).isEqualTo("*");
        assertThat(issued.at("/upload/url").asText()).contains("X-Amz-Expires=60&")
                .containsPattern("X-Amz-SignedHeaders=[^&]*if-none-match");
        assertThat(put(issued.get("upload"), pdf).statusCode()).isEqualTo(200);
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        JsonNode extracted = document(documentId);
        assertThat(extracted.at("/latestExtraction/status").asText()).isEqualTo("SUCCEEDED");
        LocalPlatform.StorageSnapshot before = platform.snapshot();

        byte[] replacement = pdf.clone();
        replacement[replacement.length - 2] ^= 1; // same length: the signed Content-Length still matches
        HttpResponse<String> again = put(issued.get("upload"), replacement);

        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.body()).contains("<Code>PreconditionFailed</Code>").contains("<Condition>If-None-Match</Condition>");
        assertThat(platform.snapshot()).isEqualTo(before);
        assertThat(document(documentId)).isEqualTo(extracted);
        assertThat(platform.bedrock.calls()).hasSize(1);
    }

    @Test
    void aPutWithoutTheSignedConditionalHeaderIsRefused() throws Exception {
        byte[] pdf = TestDocuments.pdf();
        JsonNode upload = presign("scan.pdf", "application/pdf", pdf.length).get("upload");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf))
                .header("Content-Type", "application/pdf");
        HttpResponse<String> answer = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(platform.snapshot().objectVersions()).isZero();
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        byte[] pdf = TestDocuments.pdf();
        JsonNode upload = presign("scan.pdf", "application/pdf", pdf.length).get("upload");
        platform.s3Clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> answer = put(upload, pdf);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        assertThat(platform.snapshot().objectVersions()).isZero();
    }

    @Test
    void anObjectReplacedByOtherMeansIsNeverExtractedQuarantinedLoggedWithoutPatientDataAndCounted() {
        String documentId = uploadInline(PATIENT);
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        JsonNode checked = document(documentId);
        assertThat(checked.at("/latestExtraction/status").asText()).isEqualTo("SUCCEEDED");

        // Someone with s3:PutObject writes another (valid) document under the key: a new object version.
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(objectKey(documentId)).contentType("text/plain"),
                RequestBody.fromString(TestDocuments.dischargeSummary(OTHER_PATIENT)));
        String logs = captured(() -> {
            platform.objectCreated(objectKey(documentId));
            platform.drainQueue(DRAIN);
            return null;
        });

        JsonNode after = document(documentId);
        assertThat(after.get("status").asText()).isEqualTo("REJECTED");
        assertThat(after.get("rejectionReason").asText()).contains("replaced after the document was checked")
                .contains("bytes");
        assertThat(after.get("sha256")).isEqualTo(checked.get("sha256"));
        assertThat(after.get("latestExtraction")).isEqualTo(checked.get("latestExtraction"));
        assertThat(platform.bedrock.calls()).hasSize(1);
        assertThat(platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                Map.of(), null).status()).isEqualTo(409);

        assertThat(logs).contains("\"DocumentReplaced\":1").contains("\"Stage\":\"dev\"")
                .contains("document object replaced after it was checked").contains(documentId);
        for (String secret : new String[] {PATIENT, OTHER_PATIENT, "Quarrington", "Underhay", FILENAME}) {
            assertThat(logs).as("logs must not contain '" + secret + "'").doesNotContain(secret);
        }

        // The same event again (SQS delivers at least once): the quarantined document is not counted twice.
        String again = captured(() -> {
            platform.objectCreated(objectKey(documentId));
            platform.drainQueue(DRAIN);
            return null;
        });
        assertThat(again).doesNotContain("DocumentReplaced");
        assertThat(document(documentId).get("latestExtraction")).isEqualTo(checked.get("latestExtraction"));
    }

    @Test
    void aReplacementOfTheSameSizeIsCaughtByItsDigest() {
        String documentId = uploadInline(PATIENT);
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        String original = TestDocuments.dischargeSummary(PATIENT);
        String sameSize = original.replace("Metformin", "Metformyn");
        assertThat(sameSize).isNotEqualTo(original).hasSameSizeAs(original);
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(objectKey(documentId)).contentType("text/plain"),
                RequestBody.fromString(sameSize));
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);

        JsonNode after = document(documentId);
        assertThat(after.get("status").asText()).isEqualTo("REJECTED");
        assertThat(after.get("rejectionReason").asText()).contains("same size, different SHA-256");
        assertThat(platform.bedrock.calls()).hasSize(1);
    }

    @Test
    void anExtractionRequestedBeforeTheReplacementsEventNeverReadsTheReplacedBytes() {
        String documentId = uploadInline(PATIENT);
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);
        // Replaced, and its S3 event not delivered yet: an API request reads the key meanwhile.
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(objectKey(documentId)).contentType("text/plain"),
                RequestBody.fromString(TestDocuments.dischargeSummary("Someone Else")));
        assertThat(platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                Map.of(), null).status()).isEqualTo(202);
        platform.drainQueue(DRAIN);

        assertThat(platform.bedrock.calls()).hasSize(1); // the upload's extraction only
        ExtractionRecord latest = platform.extractions.latestFor(documentId).orElseThrow();
        assertThat(latest.status()).isEqualTo(ExtractionStatus.FAILED);
        assertThat(latest.errorCategory()).isEqualTo(ErrorCategory.INVALID_DOCUMENT);
        assertThat(document(documentId).get("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void anObjectWrittenAroundThePresignedUrlIsRejectedNotExtracted() {
        byte[] pdf = TestDocuments.pdf();
        String documentId = presign("scan.pdf", "application/pdf", pdf.length).get("documentId").asText();
        byte[] larger = TestDocuments.scannedPdf(1);
        assertThat(larger.length).isNotEqualTo(pdf.length);
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(objectKey(documentId))
                .contentType("application/pdf"), RequestBody.fromBytes(larger));
        platform.objectCreated(objectKey(documentId));
        platform.drainQueue(DRAIN);

        JsonNode after = document(documentId);
        assertThat(after.get("status").asText()).isEqualTo("REJECTED");
        assertThat(after.get("rejectionReason").asText()).contains("not written through the presigned URL");
        assertThat(after.at("/latestExtraction/status").asText()).isEqualTo("FAILED");
        assertThat(platform.bedrock.calls()).isEmpty();
    }

    @Test
    void markingUploadedNeverReplacesTheDigestOfACheckedDocument() {
        String documentId = "doc_01JZZZZZZZZZZZZZZZZZZZZZZ0";
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        platform.documents.create(new DocumentRecord(documentId, "a.pdf", DocumentType.PDF, 10, null,
                "uploads/" + documentId + "/document.pdf", DocumentStatus.PENDING_UPLOAD,
                DocumentRecord.UploadMode.PRESIGNED, now, null, null, "arn:aws:iam::0:role/test", null, null));
        String first = ContentDigest.sha256Of("first".getBytes(StandardCharsets.UTF_8));
        String second = ContentDigest.sha256Of("other".getBytes(StandardCharsets.UTF_8));

        assertThat(platform.documents.markUploaded(documentId, 5, first, now, null)).isPresent();
        assertThat(platform.documents.markUploaded(documentId, 5, first, now.plusSeconds(1), null)).isPresent();
        assertThat(platform.documents.markUploaded(documentId, 5, second, now.plusSeconds(2), null)).isEmpty();
        assertThat(platform.documents.markUploaded(documentId, 6, first, now.plusSeconds(3), null)).isEmpty();
        DocumentRecord stored = platform.documents.find(documentId).orElseThrow();
        assertThat(stored.sha256()).isEqualTo(first);
        assertThat(stored.sizeBytes()).isEqualTo(5);
        assertThat(stored.uploadedAt()).isEqualTo(now);
    }

    private String uploadInline(String patient) {
        ApiResult r = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody(FILENAME,
                "text/plain", TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(201);
        return r.body().get("documentId").asText();
    }

    private JsonNode presign(String filename, String contentType, long size) {
        ApiResult issued = platform.post(platform.upload, "/api/upload", Map.of(), "{\"filename\":\"" + filename
                + "\",\"contentType\":\"" + contentType + "\",\"sizeBytes\":" + size + "}");
        assertThat(issued.status()).isEqualTo(201);
        return issued.body();
    }

    /** The PUT the console sends: the URL with exactly the headers the answer lists (Content-Length set by the JDK). */
    private HttpResponse<String> put(JsonNode upload, byte[] content) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        upload.get("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return http.send(put.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode document(String documentId) {
        return platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId)).body();
    }

    private String objectKey(String documentId) {
        return platform.documents.find(documentId).orElseThrow().objectKey();
    }

    /** Everything the handlers write to stdout and stderr while {@code work} runs. */
    private static String captured(Supplier<Void> work) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream tee = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try {
            System.setOut(tee);
            System.setErr(tee);
            work.get();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
