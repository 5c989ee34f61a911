package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.AwsClients;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestDocuments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * What a web page of another origin can make a browser send to a running local mode, sent byte for byte: a
 * {@code text/plain} POST with its Origin (a CORS "simple request", sent without a preflight), reads under a
 * rebinding {@code Host}, a presigned PUT from its page. Each is refused with a JSON error and leaves nothing behind;
 * the same requests from local mode's own origin still work, and CORS answers name only that origin.
 */
class LocalModeForeignRequestsTest {

    private static final String ATTACKER = "https://attacker.example";

    @TempDir
    static Path data;

    private static LocalMode local;
    private static AwsClients standIns;

    @BeforeAll
    static void start() {
        local = LocalMode.start(LocalModeOptions.forTest(data, null), Path.of(System.getProperty("medextract.test.dir", ".")));
        standIns = new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Map.of("dynamodb", local.standIns().dynamoEndpoint(), "s3", local.standIns().s3Endpoint())));
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void aTextPlainPostFromAnotherOriginIsRefusedAndCreatesNothing() throws Exception {
        String body = TestDocuments.uploadBody("from-a-web-page.txt", "text/plain",
                TestDocuments.dischargeSummary("Page Visitor").getBytes(StandardCharsets.UTF_8));
        int objectsBefore = storedObjects();

        RawHttp.Answer simpleRequest = RawHttp.send(port(), List.of("POST /api/upload HTTP/1.1", "Host: " + host(),
                "Origin: " + ATTACKER, "Content-Type: text/plain;charset=UTF-8"), body);
        assertThat(simpleRequest.status()).as(simpleRequest.body()).isEqualTo(403);
        assertThat(error(simpleRequest)).isEqualTo("origin_not_allowed");
        assertThat(simpleRequest.header("Access-Control-Allow-Origin")).isEmpty();

        // Without an Origin header (a client that leaves it out), text/plain is still no write.
        RawHttp.Answer noOrigin = RawHttp.send(port(), List.of("POST /api/upload HTTP/1.1", "Host: " + host(),
                "Content-Type: text/plain"), body);
        assertThat(noOrigin.status()).as(noOrigin.body()).isEqualTo(415);
        assertThat(error(noOrigin)).isEqualTo("unsupported_media_type");

        assertThat(storedObjects()).isEqualTo(objectsBefore);
        assertThat(itemsMentioning("from-a-web-page.txt")).isZero();

        // The same body from local mode's own page is an upload: the checks above would have seen it.
        RawHttp.Answer own = RawHttp.send(port(), List.of("POST /api/upload HTTP/1.1", "Host: " + host(),
                "Origin: " + local.url(), "Content-Type: application/json"), body);
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.header("Access-Control-Allow-Origin")).hasValue(local.url().toString());
        assertThat(storedObjects()).isEqualTo(objectsBefore + 1);
        assertThat(itemsMentioning("from-a-web-page.txt")).isPositive();
    }

    @Test
    void readsUnderARebindingHostAreRefused() throws Exception {
        String documentId = upload("rebinding-target.txt", "Re Binding");
        assertThat(json("POST", "/api/experiments", "{\"name\":\"rebinding check\",\"variants\":["
                + "{\"name\":\"control\",\"promptVersion\":\"clinical-summary@1\"},"
                + "{\"name\":\"candidate\",\"promptVersion\":\"clinical-summary@2\"}],\"split\":\"50/50\","
                + "\"primaryMetric\":\"FIELD_COMPLETENESS\",\"minimumDetectableEffect\":0.05,\"alpha\":0.05,\"power\":0.8}")
                .statusCode()).isEqualTo(201);

        awaitExtraction(documentId);

        String rebound = "attacker.example:" + port();
        for (String path : List.of("/api/extract/" + documentId, "/api/documents/" + documentId,
                "/api/evaluation-sets", "/api/experiments", "/api/metrics/summary")) {
            RawHttp.Answer own = RawHttp.send(port(), List.of("GET " + path + " HTTP/1.1", "Host: " + host()), "");
            assertThat(own.status()).as(path + ": " + own.body()).isEqualTo(200);

            RawHttp.Answer refused = RawHttp.send(port(), List.of("GET " + path + " HTTP/1.1", "Host: " + rebound), "");
            assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
            assertThat(error(refused)).isEqualTo("host_not_allowed");
            assertThat(refused.body()).doesNotContain(documentId).doesNotContain("rebinding check")
                    .doesNotContain("rebinding-target");
        }
        // Writes too, JSON or not.
        RawHttp.Answer write = RawHttp.send(port(), List.of("POST /api/extract/" + documentId + " HTTP/1.1",
                "Host: " + rebound, "Content-Type: application/json"), "");
        assertThat(write.status()).isEqualTo(403);
        // The console's files and config are not served to a rebinding page either.
        assertThat(RawHttp.send(port(), List.of("GET /config.json HTTP/1.1", "Host: " + rebound), "").status())
                .isEqualTo(403);
    }

    @Test
    void everyWriteNeedsJsonAndTheConsolesOwnWritesGetIt() throws Exception {
        String documentId = upload("re-extract.txt", "Jay Son");
        RawHttp.Answer bare = RawHttp.send(port(), List.of("POST /api/extract/" + documentId + " HTTP/1.1",
                "Host: " + host()), "");
        assertThat(bare.status()).as(bare.body()).isEqualTo(415);
        RawHttp.Answer rollup = RawHttp.send(port(), List.of("POST /local/rollup HTTP/1.1", "Host: " + host(),
                "Content-Type: text/plain"), "");
        assertThat(rollup.status()).isEqualTo(415);

        // The console sends Content-Type: application/json on every write, with or without a body.
        RawHttp.Answer asTheConsole = RawHttp.send(port(), List.of("POST /api/extract/" + documentId + " HTTP/1.1",
                "Host: " + host(), "Origin: " + local.url(), "Content-Type: application/json"), "");
        assertThat(asTheConsole.status()).as(asTheConsole.body()).isEqualTo(202);
    }

    @Test
    void corsAnswersNameOnlyTheLocalOrigin() throws Exception {
        for (String own : List.of(local.url().toString(), "http://localhost:" + port())) {
            RawHttp.Answer answer = RawHttp.send(port(), List.of("GET /api/experiments HTTP/1.1", "Host: " + host(),
                    "Origin: " + own), "");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Access-Control-Allow-Origin")).hasValue(own);
        }
        RawHttp.Answer preflight = RawHttp.send(port(), List.of("OPTIONS /api/upload HTTP/1.1", "Host: " + host(),
                "Origin: " + ATTACKER, "Access-Control-Request-Method: POST",
                "Access-Control-Request-Headers: content-type"), "");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
        RawHttp.Answer read = RawHttp.send(port(), List.of("GET /api/experiments HTTP/1.1", "Host: " + host(),
                "Origin: null"), "");
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(read.header("Cross-Origin-Resource-Policy")).hasValue("same-origin");
    }

    @Test
    void aPresignedUploadFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> presign = json("POST", "/api/upload",
                "{\"filename\":\"presigned.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":" + TestDocuments.pdf().length + "}");
        assertThat(presign.statusCode()).as(presign.body()).isEqualTo(201);
        URI url = URI.create(LocalPlatform.JSON.readTree(presign.body()).at("/upload/url").asText());
        int objectsBefore = storedObjects();
        RawHttp.Answer put = RawHttp.send(port(), List.of("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1",
                "Host: " + host(), "Origin: " + ATTACKER, "Content-Type: application/pdf"),
                TestDocuments.pdf());
        assertThat(put.status()).as(put.body()).isEqualTo(403);
        assertThat(error(put)).isEqualTo("origin_not_allowed");
        assertThat(storedObjects()).isEqualTo(objectsBefore);
    }

    private static int port() {
        return local.url().getPort();
    }

    private static String host() {
        return local.url().getAuthority();
    }

    private static String error(RawHttp.Answer answer) throws IOException {
        return LocalPlatform.JSON.readTree(answer.body()).path("error").asText();
    }

    private static String upload(String filename, String patient) throws Exception {
        HttpResponse<String> r = json("POST", "/api/upload", TestDocuments.uploadBody(filename, "text/plain",
                TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = LocalPlatform.JSON.readTree(r.body());
        return created.get("documentId").asText();
    }

    /** Until the upload's extraction exists (the Object Created event goes through the queue first). */
    private static void awaitExtraction(String documentId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (RawHttp.send(port(), List.of("GET /api/extract/" + documentId + " HTTP/1.1", "Host: " + host()), "")
                .status() != 200) {
            assertThat(Instant.now()).as("the extraction of " + documentId + " within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> json(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.url().resolve(path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Objects in the documents bucket, every version counted. */
    private static int storedObjects() {
        return standIns.s3().listObjectVersions(b -> b.bucket(LocalDeployment.BUCKET)).versions().size();
    }

    private static long itemsMentioning(String text) {
        return standIns.dynamoDb().scanPaginator(b -> b.tableName(LocalDeployment.RESULTS_TABLE)).items().stream()
                .filter(item -> item.toString().contains(text)).count();
    }
}
