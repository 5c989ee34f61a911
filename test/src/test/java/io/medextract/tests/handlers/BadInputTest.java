package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestDocuments;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.LocalPlatform.StorageSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests to every upload and extraction endpoint: each gets a 4xx with a JSON error body that
 * says what was wrong, and the tables, bucket and queue are exactly as they were before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String UNKNOWN_DOC = "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final String UNKNOWN_EXT = "ext_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private LocalPlatform platform;
    private String uploadedDoc;
    private String pendingDoc;
    private String rejectedDoc;

    /** One bad request: a name, the call, and the status it must get. */
    record Case(String name, Function<BadInputTest, ApiResult> call, int expectedStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        platform = LocalPlatform.start();
        uploadedDoc = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody("a.txt",
                "text/plain", TestDocuments.dischargeSummary("Bad Input").getBytes(StandardCharsets.UTF_8)))
                .body().get("documentId").asText();
        pendingDoc = platform.post(platform.upload, "/api/upload", Map.of(),
                "{\"filename\":\"p.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":1000}")
                .body().get("documentId").asText();
        rejectedDoc = platform.post(platform.upload, "/api/upload", Map.of(),
                "{\"filename\":\"r.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":10}")
                .body().get("documentId").asText();
        platform.documents.markRejected(rejectedDoc, "test");
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @ParameterizedTest(name = "POST /api/upload: {0}")
    @MethodSource("uploadCases")
    void uploadRejects(Case c) {
        assertRejectedWithoutSideEffects(c);
    }

    @ParameterizedTest(name = "GET /api/documents/:id: {0}")
    @MethodSource("getDocumentCases")
    void getDocumentRejects(Case c) {
        assertRejectedWithoutSideEffects(c);
    }

    @ParameterizedTest(name = "POST /api/extract/:id: {0}")
    @MethodSource("requestExtractionCases")
    void requestExtractionRejects(Case c) {
        assertRejectedWithoutSideEffects(c);
    }

    @ParameterizedTest(name = "GET /api/extract/:id: {0}")
    @MethodSource("getExtractionCases")
    void getExtractionRejects(Case c) {
        assertRejectedWithoutSideEffects(c);
    }

    private void assertRejectedWithoutSideEffects(Case c) {
        StorageSnapshot before = platform.snapshot();
        ApiResult result = c.call().apply(this);
        assertThat(result.status()).as(c.name()).isEqualTo(c.expectedStatus());
        JsonNode body = result.body();
        assertThat(body.get("error").asText()).as(c.name()).isNotBlank();
        assertThat(body.get("message").asText()).as(c.name()).isNotBlank()
                .doesNotContain("Exception").doesNotContain("at io.");
        assertThat(body.get("requestId").asText()).isNotBlank();
        assertThat(platform.snapshot()).as(c.name() + ": storage unchanged").isEqualTo(before);
    }

    static Stream<Arguments> uploadCases() {
        String pdf64 = Base64.getEncoder().encodeToString(TestDocuments.pdf());
        String png64 = Base64.getEncoder().encodeToString(TestDocuments.image("png"));
        String text64 = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        List<Case> cases = new ArrayList<>();
        cases.add(upload("no body", null, 400));
        cases.add(upload("empty body", "", 400));
        cases.add(upload("not JSON", "filename=a.pdf", 400));
        cases.add(upload("JSON array", "[]", 400));
        cases.add(upload("JSON string", "\"a.pdf\"", 400));
        cases.add(upload("JSON null", "null", 400));
        cases.add(upload("empty object", "{}", 400));
        cases.add(upload("filename is a number", "{\"filename\":5,\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf64 + "\"}", 400));
        cases.add(upload("contentType is an array", "{\"filename\":\"a.pdf\",\"contentType\":[\"application/pdf\"],\"contentBase64\":\"" + pdf64 + "\"}", 400));
        cases.add(upload("sizeBytes is a string", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":\"12\"}", 400));
        cases.add(upload("neither content nor size", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\"}", 400));
        cases.add(upload("both content and size", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf64 + "\",\"sizeBytes\":5}", 400));
        cases.add(upload("unknown field", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf64 + "\",\"patientName\":\"x\"}", 400));
        cases.add(upload("duplicate key", "{\"filename\":\"a.pdf\",\"filename\":\"b.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf64 + "\"}", 400));
        cases.add(upload("trailing garbage", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf64 + "\"} x", 400));
        cases.add(upload("bad base64", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"%%%not base64%%%\"}", 400));
        cases.add(upload("base64 with newlines", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"JVBE\\nRi0x\"}", 400));
        cases.add(upload("empty content", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"\"}", 400));
        cases.add(upload("declared PDF, content PNG", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + png64 + "\"}", 415));
        cases.add(upload("declared PNG, content text", "{\"filename\":\"a.png\",\"contentType\":\"image/png\",\"contentBase64\":\"" + text64 + "\"}", 415));
        cases.add(upload("unsupported type", "{\"filename\":\"a.zip\",\"contentType\":\"application/zip\",\"contentBase64\":\"" + pdf64 + "\"}", 415));
        cases.add(upload("binary that is no accepted format", "{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"AAECAwQFBgcICQ==\"}", 415));
        cases.add(upload("path traversal name", "{\"filename\":\"../../etc/passwd\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("backslash path name", "{\"filename\":\"..\\\\win\\\\a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("control character in name", "{\"filename\":\"a\\u0007b.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("right-to-left override in name", "{\"filename\":\"report\\u202Efdp.exe\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("zero-width space in name", "{\"filename\":\"Jane\\u200BDoe.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("line separator at the end of name", "{\"filename\":\"a.txt\\u2028\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("byte-order mark in presigned name", "{\"filename\":\"\\uFEFFa.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":1000}", 400));
        cases.add(upload("over-long name", "{\"filename\":\"" + "a".repeat(300) + ".txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("blank name", "{\"filename\":\"   \",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}", 400));
        cases.add(upload("presigned size 0", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":0}", 413));
        cases.add(upload("presigned size 100 MB", "{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":104857600}", 413));
        cases.add(upload("inline document over 3 MiB", "{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\""
                + Base64.getEncoder().encodeToString("a".repeat(3 * 1024 * 1024 + 10).getBytes(StandardCharsets.UTF_8)) + "\"}", 413));
        cases.add(upload("huge body", "{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + "QUFB".repeat(1_300_000) + "\"}", 413));
        String json = "{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + text64 + "\"}";
        cases.add(uploadAs("JSON body sent as text/plain", "text/plain", json, 415));
        cases.add(uploadAs("JSON body without a Content-Type", null, json, 415));
        cases.add(uploadAs("form-encoded body", "application/x-www-form-urlencoded", "filename=a.txt&contentType=text%2Fplain", 415));
        cases.add(uploadAs("JSON in another charset", "application/json; charset=ISO-8859-1", json, 415));
        cases.add(new Case("idempotency key too short", t -> t.platform.api(t.platform.upload, "POST", "/api/upload",
                Map.of(), Map.of(), Map.of("Content-Type", "application/json", "Idempotency-Key", "short"),
                "{\"filename\":\"a.txt\",\"contentType\":"
                        + "\"text/plain\",\"contentBase64\":\"" + text64 + "\"}"), 400));
        return cases.stream().map(Arguments::of);
    }

    static Stream<Arguments> getDocumentCases() {
        List<Case> cases = new ArrayList<>();
        badIds().forEach((name, id) -> cases.add(new Case(name,
                t -> t.platform.get(t.platform.upload, "/api/documents/{id}", pathId(id)), 400)));
        cases.add(new Case("unknown document", t -> t.platform.get(t.platform.upload, "/api/documents/{id}",
                Map.of("id", UNKNOWN_DOC)), 404));
        cases.add(new Case("extraction id instead of document id", t -> t.platform.get(t.platform.upload,
                "/api/documents/{id}", Map.of("id", UNKNOWN_EXT)), 400));
        return cases.stream().map(Arguments::of);
    }

    static Stream<Arguments> requestExtractionCases() {
        List<Case> cases = new ArrayList<>();
        badIds().forEach((name, id) -> cases.add(new Case(name, t -> t.extract(id, Map.of(), Map.of(), null), 400)));
        cases.add(new Case("unknown document", t -> t.extract(UNKNOWN_DOC, Map.of(), Map.of(), null), 404));
        cases.add(new Case("document still pending upload", t -> t.extract(t.pendingDoc, Map.of(), Map.of(), null), 409));
        cases.add(new Case("rejected document", t -> t.extract(t.rejectedDoc, Map.of(), Map.of(), null), 409));
        cases.add(new Case("unknown prompt version", t -> t.extract(t.uploadedDoc,
                Map.of("promptVersion", "clinical-summary@99"), Map.of(), null), 400));
        cases.add(new Case("prompt version without @", t -> t.extract(t.uploadedDoc,
                Map.of("promptVersion", "clinical-summary"), Map.of(), null), 400));
        cases.add(new Case("prompt version with path", t -> t.extract(t.uploadedDoc,
                Map.of("promptVersion", "../clinical-summary@1"), Map.of(), null), 400));
        cases.add(new Case("prompt version 0", t -> t.extract(t.uploadedDoc,
                Map.of("promptVersion", "clinical-summary@0"), Map.of(), null), 400));
        cases.add(new Case("unexpected body", t -> t.extract(t.uploadedDoc, Map.of(), JSON, "{\"promptVersion\":\"x\"}"), 400));
        cases.add(new Case("body not JSON", t -> t.extract(t.uploadedDoc, Map.of(), JSON, "go"), 400));
        cases.add(new Case("body sent as text/plain", t -> t.extract(t.uploadedDoc, Map.of(),
                Map.of("Content-Type", "text/plain"), "{}"), 415));
        cases.add(new Case("body without a Content-Type", t -> t.extract(t.uploadedDoc, Map.of(), Map.of(), "{}"), 415));
        cases.add(new Case("idempotency key too short", t -> t.extract(t.uploadedDoc, Map.of(),
                Map.of("Idempotency-Key", "abc"), null), 400));
        cases.add(new Case("idempotency key with spaces", t -> t.extract(t.uploadedDoc, Map.of(),
                Map.of("Idempotency-Key", "a key with spaces"), null), 400));
        return cases.stream().map(Arguments::of);
    }

    static Stream<Arguments> getExtractionCases() {
        List<Case> cases = new ArrayList<>();
        badIds().forEach((name, id) -> cases.add(new Case(name,
                t -> t.platform.get(t.platform.extract, "/api/extract/{id}", pathId(id)), 400)));
        cases.add(new Case("unknown extraction", t -> t.platform.get(t.platform.extract, "/api/extract/{id}",
                Map.of("id", UNKNOWN_EXT)), 404));
        cases.add(new Case("document without extractions", t -> t.platform.get(t.platform.extract,
                "/api/extract/{id}", Map.of("id", t.uploadedDoc)), 404));
        cases.add(new Case("experiment id", t -> t.platform.get(t.platform.extract, "/api/extract/{id}",
                Map.of("id", "exp_01JZZZZZZZZZZZZZZZZZZZZZZZ")), 400));
        return cases.stream().map(Arguments::of);
    }

    private ApiResult extract(String id, Map<String, String> query, Map<String, String> headers, String body) {
        return platform.api(platform.extract, "POST", "/api/extract/{id}", pathId(id), query, headers, body);
    }

    /** Ids that are malformed for every endpoint (400). */
    private static Map<String, String> badIds() {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("missing id", null);
        ids.put("empty id", "");
        ids.put("plain word", "abc");
        ids.put("prefix only", "doc_");
        ids.put("too short", "doc_01JZZZZ");
        ids.put("25 characters", "doc_01JZZZZZZZZZZZZZZZZZZZZZZ");
        ids.put("27 characters", "doc_01JZZZZZZZZZZZZZZZZZZZZZZZZ");
        ids.put("lower case", "doc_01jzzzzzzzzzzzzzzzzzzzzzzz");
        ids.put("upper-case prefix", "DOC_01JZZZZZZZZZZZZZZZZZZZZZZZ");
        ids.put("letter I (not base32)", "doc_01JZZZZZZZZZZZZZZZZZZZZZZI");
        ids.put("letter O (not base32)", "doc_01JZZZZZZZZZZZZZZZZZZZZZZO");
        ids.put("timestamp overflow", "doc_8ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        ids.put("path traversal", "../../etc/passwd");
        ids.put("encoded traversal", "%2e%2e%2fdoc");
        ids.put("SQL-ish", "doc_'; DROP TABLE x;--");
        ids.put("unicode", "doc_01JZZZZZZZZZZZZZZZZZZZZZZÄ");
        ids.put("1000 characters", "doc_" + "Z".repeat(996));
        ids.put("spaces", "doc_01JZZZZZZZZZZ ZZZZZZZZZZZZ");
        ids.put("JSON", "{\"id\":1}");
        ids.put("null literal", "null");
        return ids;
    }

    private static Map<String, String> pathId(String id) {
        Map<String, String> params = new HashMap<>();
        if (id != null) {
            params.put("id", id);
        }
        return params;
    }

    private static Case uploadAs(String name, String contentType, String body, int status) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        return new Case(name, t -> t.platform.api(t.platform.upload, "POST", "/api/upload", Map.of(), Map.of(), headers,
                body), status);
    }

    private static Case upload(String name, String body, int status) {
        return new Case(name, t -> t.platform.post(t.platform.upload, "/api/upload", Map.of(), body), status);
    }
}
