package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.experiments.ExperimentsHandler;
import io.medextract.tests.evaluation.SampleEvaluationSet;
import io.medextract.tests.local.ClientConstructionCounter;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.LocalServers;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The experiments function, wired by its own composition root against the local servers, builds its S3 and SQS
 * clients only when an evaluation request needs them (cold starts and experiment requests pay for DynamoDB only),
 * and then once. Counted through the SDK's own per-service interceptor hook ({@link ClientConstructionCounter}).
 */
class ExperimentsClientsOnFirstUseTest {

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void s3AndSqsClientsAreBuiltOnTheFirstEvaluationRequestNotAtInit() {
        platform = LocalPlatform.start();
        Services services = servicesFor(platform);
        int s3Before = ClientConstructionCounter.s3Clients();
        int sqsBefore = ClientConstructionCounter.sqsClients();

        ExperimentsHandler handler = ExperimentsHandler.composedFrom(services);
        ApiResult list = platform.get(handler, "/api/experiments", Map.of());
        ApiResult created = platform.post(handler, "/api/experiments", Map.of(), """
                {"name":"lazy clients","variants":[
                   {"name":"control","promptVersion":"clinical-summary@1"},
                   {"name":"candidate","promptVersion":"clinical-summary@2"}],
                 "split":"50/50","primaryMetric":"FIELD_COMPLETENESS","minimumDetectableEffect":0.05,
                 "alpha":0.05,"power":0.8}""");
        ApiResult sets = platform.get(handler, "/api/evaluation-sets", Map.of());
        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(sets.status()).as(sets.body().toString()).isEqualTo(200);
        assertThat(ClientConstructionCounter.s3Clients()).as("S3 clients built by init and experiment requests")
                .isEqualTo(s3Before);
        assertThat(ClientConstructionCounter.sqsClients()).as("SQS clients built by init and experiment requests")
                .isEqualTo(sqsBefore);

        // An evaluation set stores its documents: S3, once.
        for (String name : new String[] {"lazy-one", "lazy-two"}) {
            ApiResult set = platform.post(handler, "/api/evaluation-sets", Map.of(),
                    "{\"name\":\"" + name + "\",\"template\":\"clinical-summary\",\"documents\":[" + document() + "]}");
            assertThat(set.status()).as(set.body().toString()).isEqualTo(201);
        }
        assertThat(ClientConstructionCounter.s3Clients()).isEqualTo(s3Before + 1);
        assertThat(ClientConstructionCounter.sqsClients()).isEqualTo(sqsBefore);

        // A run queues its extractions: SQS, once.
        for (String set : new String[] {"lazy-one@1", "lazy-two@1"}) {
            ApiResult run = platform.api(handler, "POST", "/api/evaluations", Map.of(), Map.of(),
                    Map.of("Content-Type", "application/json"),
                    "{\"set\":\"" + set + "\",\"promptVersion\":\"clinical-summary@1\"}");
            assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        }
        assertThat(ClientConstructionCounter.sqsClients()).isEqualTo(sqsBefore + 1);
        assertThat(ClientConstructionCounter.s3Clients()).isEqualTo(s3Before + 1);
    }

    /** The function's own wiring (Services, as in Lambda) pointed at this platform's tables, bucket and queue. */
    private static Services servicesFor(LocalPlatform platform) {
        LocalServers servers = LocalServers.get();
        SdkClients sdk = new SdkClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of("dynamodb", servers.dynamoEndpoint(), "s3", servers.s3Endpoint(), "sqs", servers.sqsEndpoint()));
        return new Services(HandlerEnvironment.from(platform.functionEnvironment("anthropic.claude-haiku-4-5-20251001-v1:0")),
                sdk, Clock.systemUTC(), Path.of("no-user-prompt-templates"));
    }

    private static String document() {
        String patient = "Lazy Client";
        ObjectNode doc = LocalPlatform.JSON.createObjectNode();
        doc.put("filename", "summary.txt");
        doc.put("contentType", "text/plain");
        doc.put("contentBase64", Base64.getEncoder().encodeToString(
                TestDocuments.dischargeSummary(patient).getBytes(StandardCharsets.UTF_8)));
        doc.set("expected", SampleEvaluationSet.expectedFor(patient));
        return doc.toString();
    }
}
