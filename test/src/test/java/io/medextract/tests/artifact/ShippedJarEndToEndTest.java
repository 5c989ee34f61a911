package io.medextract.tests.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The artifacts that ship: each handler runs from its own function package (minimised to what that handler
 * reaches) in its own JVM, with only the environment the construct sets plus the standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables pointing at the local servers. Upload -> S3 event -> extract ->
 * GET, each handler constructed by its no-arg constructor as the Lambda runtime does. A class that
 * minimisation dropped wrongly fails here. Also prints the fresh-JVM init and first-invocation times (a cold-start proxy).
 */
class ShippedJarEndToEndTest extends LocalPlatformTest {

    @TempDir
    Path work;

    @Test
    void theShadedJarUploadsExtractsAndAnswers() throws Exception {
        String text = new String(Files.readAllBytes(Path.of(getClass().getResource("/documents/discharge-summary.txt").toURI())),
                StandardCharsets.UTF_8).replace("{{PATIENT_NAME}}", "Shaded Jar");
        JsonNode upload = invoke("io.medextract.handlers.upload.UploadHandler", apiEvent("POST", "/api/upload", null,
                "{\"filename\":\"s.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\""
                        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"}"));
        assertThat(upload.get("statusCode").asInt()).as(upload.toString()).isEqualTo(201);
        String documentId = LocalPlatform.JSON.readTree(upload.get("body").asText()).get("documentId").asText();

        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        List<Message> messages = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                .maxNumberOfMessages(5)).messages();
        JsonNode batch = invoke("io.medextract.handlers.extract.ExtractHandler", platform.sqsEvent(messages));
        assertThat(batch.get("batchItemFailures")).as(batch.toString()).isEmpty();

        JsonNode get = invoke("io.medextract.handlers.extract.ExtractHandler",
                apiEvent("GET", "/api/extract/{id}", documentId, null));
        JsonNode body = LocalPlatform.JSON.readTree(get.get("body").asText());
        assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.at("/result/patient/name").asText()).isEqualTo("Shaded Jar");

        JsonNode metrics = invoke("io.medextract.handlers.metrics.MetricsHandler",
                apiEvent("GET", "/api/metrics/summary", null, null));
        assertThat(LocalPlatform.JSON.readTree(metrics.get("body").asText()).get("count").asLong()).isEqualTo(1);
        JsonNode experiments = invoke("io.medextract.handlers.experiments.ExperimentsHandler",
                apiEvent("GET", "/api/experiments", null, null));
        assertThat(experiments.get("statusCode").asInt()).isEqualTo(200);
    }

    /** Evaluations from the experiments package: S3 (set documents), the schema validator, SQS and the scorer. */
    @Test
    void theShadedJarRunsAndScoresAnEvaluation() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode expected = (com.fasterxml.jackson.databind.node.ObjectNode)
                LocalPlatform.JSON.readTree(getClass().getResourceAsStream(
                        "/evaluation-sets/discharge-sample/text-note/expected.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("patient")).put("name", "Shaded Jar");
        String document = LocalPlatform.JSON.createObjectNode().put("filename", "a.txt").put("contentType", "text/plain")
                .put("contentBase64", java.util.Base64.getEncoder().encodeToString(
                        io.medextract.tests.local.TestDocuments.dischargeSummary("Shaded Jar").getBytes(StandardCharsets.UTF_8)))
                .set("expected", expected).toString();
        JsonNode set = invoke("io.medextract.handlers.experiments.ExperimentsHandler", apiEvent("POST",
                "/api/evaluation-sets", null, "{\"name\":\"shaded\",\"template\":\"clinical-summary\",\"documents\":["
                        + document + "]}"));
        assertThat(set.get("statusCode").asInt()).as(set.toString()).isEqualTo(201);
        JsonNode run = invoke("io.medextract.handlers.experiments.ExperimentsHandler", apiEvent("POST",
                "/api/evaluations", null, "{\"set\":\"shaded@1\",\"promptVersion\":\"clinical-summary@1\"}"));
        assertThat(run.get("statusCode").asInt()).as(run.toString()).isEqualTo(201);
        platform.drainQueue(java.time.Duration.ofSeconds(60));
        String runId = LocalPlatform.JSON.readTree(run.get("body").asText()).get("runId").asText();
        JsonNode scored = invoke("io.medextract.handlers.experiments.ExperimentsHandler",
                apiEvent("GET", "/api/evaluations/{id}", runId, null));
        JsonNode body = LocalPlatform.JSON.readTree(scored.get("body").asText());
        assertThat(body.get("state").asText()).as(body.toString()).isEqualTo("COMPLETED");
        assertThat(body.get("exactDocumentAccuracy").asDouble()).isEqualTo(1.0);
    }

    /** PDFBox and its JBIG2 plugin work from the shaded jar: a scanned PDF goes to Bedrock as page images. */
    @Test
    void theShadedJarSendsAScannedPdfAsPageImages() throws Exception {
        JsonNode upload = invoke("io.medextract.handlers.upload.UploadHandler", apiEvent("POST", "/api/upload", null,
                io.medextract.tests.local.TestDocuments.uploadBody("scan.pdf", "application/pdf",
                        io.medextract.tests.local.TestDocuments.scannedPdf(2))));
        assertThat(upload.get("statusCode").asInt()).as(upload.toString()).isEqualTo(201);
        String documentId = LocalPlatform.JSON.readTree(upload.get("body").asText()).get("documentId").asText();

        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        List<Message> messages = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                .maxNumberOfMessages(5)).messages();
        JsonNode batch = invoke("io.medextract.handlers.extract.ExtractHandler", platform.sqsEvent(messages));
        assertThat(batch.get("batchItemFailures")).as(batch.toString()).isEmpty();

        JsonNode get = invoke("io.medextract.handlers.extract.ExtractHandler",
                apiEvent("GET", "/api/extract/{id}", documentId, null));
        JsonNode body = LocalPlatform.JSON.readTree(get.get("body").asText());
        assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.at("/input/sentAs").asText()).isEqualTo("PDF_PAGE_IMAGES");
        assertThat(platform.bedrock.calls()).singleElement().satisfies(c -> assertThat(c.images()).hasSize(2));
    }

    private JsonNode invoke(String handlerClass, JsonNode event) throws Exception {
        ShippedFunction.Invocation invocation = ShippedFunction.invoke(work, handlerClass, event, environment(),
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        invocation.output().lines().filter(l -> l.startsWith("INVOKE_TIMING"))
                .forEach(l -> System.out.println(handlerClass.substring(handlerClass.lastIndexOf('.') + 1) + " " + l));
        return invocation.response();
    }

    private Map<String, String> environment() {
        return platform.functionEnvironment("us.anthropic.claude-haiku-4-5-20251001-v1:0");
    }

    private static JsonNode apiEvent(String method, String resource, String id, String body) {
        ObjectNode e = LocalPlatform.JSON.createObjectNode();
        e.put("httpMethod", method).put("resource", resource).put("path", resource);
        if (id != null) {
            e.putObject("pathParameters").put("id", id);
        }
        e.putObject("headers").put("Content-Type", "application/json");
        e.put("body", body);
        e.put("isBase64Encoded", false);
        e.putObject("requestContext").put("requestId", "artifact").putObject("identity").put("userArn", "arn:aws:iam::0:role/x");
        return e;
    }
}
