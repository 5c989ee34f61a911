package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Local mode through plain HTTP, as a browser or curl uses it: uploads (inline and presigned through the local
 * origin) reach SUCCEEDED through the Object Created event, the queue and the extract function; idempotency
 * keys work for the local caller; bad input and unknown routes answer the API's JSON errors; data survives a
 * restart on the same directory.
 */
class LocalModeApiTest {

    private static final Duration EXTRACTION = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalMode local;

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    private LocalMode start() {
        return LocalMode.start(LocalModeOptions.forTest(data, null),
                Path.of(System.getProperty("medextract.test.dir", ".")));
    }

    @Test
    void inlineAndPresignedUploadsAreExtractedAndSurviveARestart() throws Exception {
        local = start();
        JsonNode config = get("/config.json").body();
        assertThat(config.at("/auth/mode").asText()).isEqualTo("none");
        assertThat(config.get("apiBaseUrl").asText()).isEmpty();

        String body = TestDocuments.uploadBody("discharge.txt", "text/plain",
                TestDocuments.dischargeSummary("Lou Calmode").getBytes(StandardCharsets.UTF_8));
        Reply first = send("POST", "/api/upload", body, "Idempotency-Key", "local-upload-1");
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        String inline = first.body().get("documentId").asText();
        Thread.sleep(1100); // a replay in a later second: an Object Created event for it would mean a second extraction
        Reply replay = send("POST", "/api/upload", body, "Idempotency-Key", "local-upload-1");
        assertThat(replay.body().get("documentId").asText()).isEqualTo(inline);
        assertThat(replay.headers().firstValue("Idempotent-Replay")).hasValue("true");

        byte[] pdf = TestDocuments.pdf();
        Reply presign = send("POST", "/api/upload", "{\"filename\":\"letter.pdf\",\"contentType\":\"application/pdf\","
                + "\"sizeBytes\":" + pdf.length + "}");
        assertThat(presign.status()).as(presign.body().toString()).isEqualTo(201);
        String presigned = presign.body().get("documentId").asText();
        URI uploadUrl = URI.create(presign.body().at("/upload/url").asText());
        assertThat(uploadUrl.getAuthority()).isEqualTo(local.url().getAuthority()); // the console's own origin
        // As S3: the URL signs If-None-Match, so a PUT without it is refused, and it writes once.
        HttpResponse<String> unconditional = http.send(HttpRequest.newBuilder(uploadUrl)
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unconditional.statusCode()).isEqualTo(403);
        assertThat(unconditional.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        HttpResponse<String> put = putAsTheConsole(presign.body().get("upload"), pdf);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> again = putAsTheConsole(presign.body().get("upload"), pdf);
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.body()).contains("<Code>PreconditionFailed</Code>");

        JsonNode inlineResult = awaitExtraction(inline);
        assertThat(inlineResult.at("/result/patient/name").asText()).isEqualTo("Lou Calmode");
        JsonNode presignedResult = awaitExtraction(presigned);
        assertThat(presignedResult.at("/input/sentAs").asText()).isEqualTo("PDF_TEXT");

        JsonNode summary = get("/api/metrics/summary").body();
        assertThat(summary.toString()).contains("\"count\":2");
        assertThat(send("POST", "/local/rollup", "").status()).isEqualTo(200);

        local.close();
        local = start();
        assertThat(get("/api/documents/" + inline).status()).isEqualTo(200);
        JsonNode afterRestart = get("/api/extract/" + presigned).body();
        assertThat(afterRestart.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(afterRestart.get("extractionId").asText()).isEqualTo(presignedResult.get("extractionId").asText());
    }

    @Test
    void badRequestsGetTheApisJsonErrors() throws Exception {
        local = start();
        Reply notJson = send("POST", "/api/upload", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").asText()).isNotEmpty();

        HttpResponse<String> asText = http.send(HttpRequest.newBuilder(local.url().resolve("/api/upload"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"a.txt\",\"contentType\":\"text/plain\","
                        + "\"contentBase64\":\"aGVsbG8=\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asText.statusCode()).isEqualTo(415);
        assertThat(LocalPlatform.JSON.readTree(asText.body()).get("error").asText()).isEqualTo("unsupported_media_type");

        Reply unknown = get("/api/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().has("message")).isTrue();

        // Evaluation routes reach the experiments function, as the construct routes them.
        assertThat(get("/api/evaluation-sets").status()).isEqualTo(200);
        Reply noRun = get("/api/evaluations/evr_01JDOESNOTEXIST0000000000");
        assertThat(noRun.status()).isBetween(400, 404);
        assertThat(noRun.body().get("error").asText()).isNotEmpty();

        Reply missing = get("/api/documents/doc_01JDOESNOTEXIST0000000000");
        assertThat(missing.status()).isBetween(400, 404);

        String tooLarge = "{\"filename\":\"big.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\""
                + "A".repeat(LocalHttpServer.LAMBDA_REQUEST_PAYLOAD_BYTES) + "\"}";
        Reply over = send("POST", "/api/upload", tooLarge);
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.body().get("error").asText()).isEqualTo("payload_too_large");

        Reply experiment = send("POST", "/api/experiments", "{\"name\":\"local check\",\"variants\":["
                + "{\"name\":\"control\",\"promptVersion\":\"clinical-summary@1\"},"
                + "{\"name\":\"candidate\",\"promptVersion\":\"clinical-summary@2\"}],\"split\":\"50/50\","
                + "\"primaryMetric\":\"FIELD_COMPLETENESS\",\"minimumDetectableEffect\":0.05,\"alpha\":0.05,\"power\":0.8}");
        assertThat(experiment.status()).as(experiment.body().toString()).isEqualTo(201);
        assertThat(get("/api/experiments").body().toString()).contains("local check");
    }

    @Test
    void workTheQueueLostInARestartIsPutBackOnIt() throws Exception {
        // Stand-ins and functions without the pollers: an upload and an extraction request leave messages in
        // ElasticMQ's memory only, as if local mode had stopped before consuming them.
        String uploaded;
        String requested;
        try (LocalStandIns standIns = LocalStandIns.start(data, Path.of(System.getProperty("medextract.test.dir", ".")))) {
            AwsClients clients = new AwsClients(
                    new AwsClients.Settings(Region.US_EAST_1,
                            StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("local", "local")),
                            Map.of("dynamodb", standIns.dynamoEndpoint(), "s3", standIns.s3Endpoint(),
                                    "sqs", standIns.sqsEndpoint())));
            LocalDeployment deployment = LocalDeployment.ensure(clients);
            LocalHandlers handlers = LocalHandlers.wire(clients, clients.bedrock(), clients::presigner, deployment,
                    LocalModeOptions.DEFAULT_MODEL, List.of());
            ApiRouteTemplates routes = ApiRouteTemplates.fromShippedSpec();
            String body = TestDocuments.uploadBody("lost.txt", "text/plain",
                    TestDocuments.dischargeSummary("Lost Event").getBytes(StandardCharsets.UTF_8));
            uploaded = invoke(handlers.upload(), routes, "POST", "/api/upload", body).get("documentId").asText();
            requested = invoke(handlers.upload(), routes, "POST", "/api/upload", body).get("documentId").asText();
            assertThat(invoke(handlers.extract(), routes, "POST", "/api/extract/" + requested, null).get("status").asText())
                    .isEqualTo("QUEUED");
        }

        local = start();
        assertThat(local.redriven()).isEqualTo(2); // one Object Created event, one extraction request
        assertThat(awaitExtraction(uploaded).get("trigger").asText()).isEqualTo("UPLOAD_EVENT");
        assertThat(awaitExtraction(requested).get("trigger").asText()).isEqualTo("API");
    }

    @Test
    void anEvaluationRunIsExtractedFromItsOwnQueueAlsoAfterARestart() throws Exception {
        // A run queued without pollers: its messages are on the evaluation queue, none on the production queue.
        String runId;
        try (LocalStandIns standIns = LocalStandIns.start(data, Path.of(System.getProperty("medextract.test.dir", ".")))) {
            AwsClients clients = new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                    Map.of("dynamodb", standIns.dynamoEndpoint(), "s3", standIns.s3Endpoint(),
                            "sqs", standIns.sqsEndpoint())));
            LocalDeployment deployment = LocalDeployment.ensure(clients);
            assertThat(deployment.queues().evaluationMaxConcurrency()).isEqualTo(2);
            LocalHandlers handlers = LocalHandlers.wire(clients, clients.bedrock(), clients::presigner, deployment,
                    LocalModeOptions.DEFAULT_MODEL, List.of());
            ApiRouteTemplates routes = ApiRouteTemplates.fromShippedSpec();
            StringBuilder documents = new StringBuilder();
            for (String patient : List.of("Eve Local", "Rex Local")) {
                documents.append(documents.length() == 0 ? "" : ",").append("{\"filename\":\"summary.txt\","
                        + "\"contentType\":\"text/plain\",\"contentBase64\":\"" + java.util.Base64.getEncoder()
                        .encodeToString(TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8))
                        + "\",\"expected\":" + io.medextract.tests.evaluation.SampleEvaluationSet.expectedFor(patient) + "}");
            }
            String set = invoke(handlers.experiments(), routes, "POST", "/api/evaluation-sets",
                    "{\"name\":\"local-run\",\"template\":\"clinical-summary\",\"documents\":[" + documents + "]}")
                    .get("set").asText();
            runId = invoke(handlers.experiments(), routes, "POST", "/api/evaluations",
                    "{\"set\":\"" + set + "\",\"promptVersion\":\"clinical-summary@2\"}").get("runId").asText();
            assertThat(depth(clients, deployment.evaluationQueueUrl())).isEqualTo(2);
            assertThat(depth(clients, deployment.queueUrl())).isZero();
        }

        // ElasticMQ lost them with the restart: local mode puts them back on the evaluation queue and polls it.
        local = start();
        assertThat(local.redriven()).isEqualTo(2);
        Instant deadline = Instant.now().plus(EXTRACTION);
        Reply run = get("/api/evaluations/" + runId);
        while (!run.body().path("state").asText().equals("COMPLETED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            run = get("/api/evaluations/" + runId);
        }
        assertThat(run.body().path("state").asText()).as(run.body().toString()).isEqualTo("COMPLETED");
        assertThat(run.body().at("/progress/byStatus/SUCCEEDED").asInt()).isEqualTo(2);
    }

    private static int depth(AwsClients clients, String queueUrl) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }

    private static JsonNode invoke(RequestStreamHandler function,
                                   ApiRouteTemplates routes, String method, String path, String body) throws IOException {
        JsonNode event = ApiGatewayProxyEvents.build(method, path, routes.match(path).orElseThrow(), null,
                Map.of("Content-Type", List.of("application/json")), body, "127.0.0.1");
        JsonNode response = LocalPlatform.invoke(function, event);
        return LocalPlatform.JSON.readTree(response.get("body").asText());
    }

    private JsonNode awaitExtraction(String documentId) throws Exception {
        Instant deadline = Instant.now().plus(EXTRACTION);
        while (Instant.now().isBefore(deadline)) {
            Reply r = get("/api/extract/" + documentId);
            if (r.status() == 200 && r.body().get("status").asText().equals("SUCCEEDED")) {
                return r.body();
            }
            assertThat(r.body().path("status").asText()).as(r.body().toString()).isNotEqualTo("FAILED");
            Thread.sleep(200);
        }
        throw new AssertionError("extraction of " + documentId + " did not finish within " + EXTRACTION);
    }

    record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

    /** The presigned PUT the console sends: the URL with exactly the headers the answer lists. */
    private HttpResponse<String> putAsTheConsole(JsonNode upload, byte[] content) throws IOException, InterruptedException {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        upload.get("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return http.send(put.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(local.url().resolve(path)).GET().build());
    }

    private Reply send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(local.url().resolve(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return exchange(b.build());
    }

    private Reply exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() ? LocalPlatform.JSON.createObjectNode() : LocalPlatform.JSON.readTree(r.body());
        return new Reply(r.statusCode(), body, r.headers());
    }
}
