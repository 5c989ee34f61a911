package io.medextract.handlers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.experiments.ExperimentsHandler;
import io.medextract.handlers.extract.ExtractHandler;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.handlers.upload.UploadHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each function's priming requests run through its real composition (SDK clients, repositories, routes) against
 * canned AWS responses: they must reach the SDK calls a real request makes and be answered like real requests.
 */
class SnapStartPrimingTest {

    private final List<CannedAwsResponses.Call> calls = new ArrayList<>();

    @Test
    void uploadPrimingStoresADocumentAndLooksOneUp() {
        assertThat(prime(UploadHandler::composedFrom, UploadHandler.primingRequests())).containsExactly(201, 201, 404);
        // Each upload (a note, then a PDF that passes the page-tree check) writes its document, the object, then
        // marks it uploaded; the lookup is one Query.
        assertThat(targets()).containsExactly("DynamoDB_20120810.PutItem", "S3 PUT", "DynamoDB_20120810.UpdateItem",
                "DynamoDB_20120810.PutItem", "S3 PUT", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.Query");
    }

    @Test
    void extractPrimingLooksUpAnExtractionAndQueuesOne() {
        assertThat(prime(ExtractHandler::primingCopy, ExtractHandler.primingRequests())).containsExactly(404, 202);
        assertThat(targets()).contains("DynamoDB_20120810.Query", "DynamoDB_20120810.GetItem",
                "DynamoDB_20120810.PutItem", "AmazonSQS.SendMessage");
    }

    @Test
    void metricsPrimingQueriesTheRollups() {
        assertThat(prime(MetricsHandler::composedFrom, MetricsHandler.primingRequests())).containsExactly(200);
        assertThat(targets()).contains("DynamoDB_20120810.Query");
    }

    @Test
    void experimentsPrimingListsAndReads() {
        assertThat(prime(ExperimentsHandler::composedFrom, ExperimentsHandler.primingRequests()))
                .containsExactly(200, 404);
        assertThat(targets()).contains("DynamoDB_20120810.Query", "DynamoDB_20120810.GetItem");
    }

    @Test
    void everyCallIsSignedWithThePrimingIdentityOnly() {
        prime(UploadHandler::composedFrom, UploadHandler.primingRequests());
        assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(call.request()
                .firstMatchingHeader("Authorization").orElseThrow()).contains("Credential=AKIDSNAPSTARTPRIMING/"));
    }

    private List<Integer> prime(Function<Services, ? extends RequestStreamHandler> composition, List<String> events) {
        Services services = new Services(environment(), SdkClients.forPriming(Map.of("AWS_REGION", "eu-west-1")),
                Clock.systemUTC(), Path.of("no-user-templates"), CannedAwsResponses.recordingInto(calls));
        return new SnapStartPriming(() -> composition.apply(services), events).prime();
    }

    private List<String> targets() {
        return calls.stream().map(c -> c.target().isEmpty() ? "S3 " + c.request().method() : c.target()).toList();
    }

    static HandlerEnvironment environment() {
        return HandlerEnvironment.from(Map.of("DYNAMODB_TABLE", "results", "EXPERIMENTS_TABLE", "experiments",
                "S3_BUCKET", "documents", "EXTRACTION_QUEUE_URL",
                "https://sqs.eu-west-1.amazonaws.com/000000000000/extractions"));
    }
}
