package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.cost.CostModel;
import io.medextract.tests.local.CallWrappingHttpClient;
import io.medextract.tests.local.ConsumedCapacityHttpClient;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The AWS requests each warm route makes, counted at the HTTP client of the handlers' real SDK clients against the
 * local servers: each SDK call costs about a millisecond of CPU, so a request path that gains a call fails here.
 * Only requests made while the handler runs are counted (the test's own setup goes through the same clients).
 */
class SdkCallsPerRequestTest {

    private static final String PUT_ITEM = "DynamoDB PutItem";
    private static final String GET_ITEM = "DynamoDB GetItem";
    private static final String UPDATE_ITEM = "DynamoDB UpdateItem";
    private static final String QUERY = "DynamoDB Query";
    private static final java.util.Set<String> READS = java.util.Set.of("GetItem", "Query", "BatchGetItem", "Scan");

    private static final List<String> requests = new ArrayList<>();
    /** DynamoDB capacity units consumed while counting, by operation, in call order. */
    private static final List<Map.Entry<String, Double>> units = new ArrayList<>();
    private static volatile boolean counting;
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        // With the prod stage's caller limit, so that a requested extraction counts its token bucket too.
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().extractionLimit(600, Duration.ofHours(1)),
                http -> new CountingHttpClient(new ConsumedCapacityHttpClient(http, SdkCallsPerRequestTest::consumed)));
        platform.extractOne("Warm Up"); // first use builds the clients
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void inlineUploadWritesTheDocumentTheObjectAndMarksItUploaded() {
        List<String> made = counted(() -> platform.uploadText("Call Count"));
        assertThat(made).containsExactly(PUT_ITEM, "S3 PUT", UPDATE_ITEM);
    }

    @Test
    void documentLookupIsOneQuery() {
        String documentId = platform.extractOne("Document Lookup");
        List<String> made = counted(() -> platform.get(platform.upload, "/api/documents/{id}",
                Map.of("id", documentId)));
        assertThat(made).containsExactly(QUERY);
        ApiResult shown = platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId));
        assertThat(shown.body().at("/latestExtraction/status").asText()).isEqualTo("SUCCEEDED");
    }

    /**
     * Document read, object read (an UPLOADED document's object is compared with the checked bytes before anything is
     * written, so a replaced object creates no extraction), extraction created and claimed in one update (which
     * returns the item), Bedrock, result: the document and the object are read once and the document is not written
     * again, as the upload already stored it UPLOADED with this digest.
     */
    @Test
    void uploadEventExtractionMakesFiveRequests() {
        String documentId = platform.uploadText("Upload Event");
        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        List<String> made = counted(() -> invokeWorkerOnNextMessage());
        assertThat(made).containsExactly(GET_ITEM, "S3 GET", UPDATE_ITEM, "Bedrock converse", PUT_ITEM);
        assertThat(platform.extractions.latestFor(documentId).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
    }

    /**
     * The request: document read, the caller's active-extraction marker, the caller's token bucket, then the
     * extraction item and the marker in one transaction, and the message. The worker then claims, reads the document
     * and object, calls Bedrock and stores the result.
     */
    @Test
    void requestedExtractionClaimsThenReadsTheDocumentAndObject() {
        String documentId = platform.uploadText("Requested");
        List<String> queued = counted(() -> platform.post(platform.extract, "/api/extract/{id}",
                Map.of("id", documentId), null));
        assertThat(queued).containsExactly(GET_ITEM, GET_ITEM, UPDATE_ITEM, "DynamoDB TransactWriteItems",
                "SQS SendMessage");
        List<String> made = counted(() -> invokeWorkerOnNextMessage());
        assertThat(made).containsExactly(UPDATE_ITEM, GET_ITEM, "S3 GET", "Bedrock converse", PUT_ITEM);
        assertThat(platform.extractions.latestFor(documentId).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
    }

    @Test
    void extractionStatusByDocumentIsOneQuery() {
        String documentId = platform.extractOne("Status");
        List<String> made = counted(() -> platform.get(platform.extract, "/api/extract/{id}",
                Map.of("id", documentId)));
        assertThat(made).containsExactly(QUERY);
    }

    /** A page of the experiment list, whatever the filter or position: one Query on one index. */
    @Test
    void experimentListIsOneQueryPerPage() {
        for (int i = 0; i < 3; i++) {
            assertThat(platform.post(platform.experiments, "/api/experiments", Map.of(), """
                    {"name":"counted %d","label":"counted-%d","variants":[
                       {"name":"control","promptVersion":"clinical-summary@1"},
                       {"name":"candidate","promptVersion":"clinical-summary@2"}],
                     "split":"50/50","primaryMetric":"FIELD_COMPLETENESS"}""".formatted(i, i)).status()).isEqualTo(201);
        }
        List<String> first = counted(() -> listExperiments(Map.of("limit", "2")));
        assertThat(first).containsExactly(QUERY);
        String token = listExperiments(Map.of("limit", "2")).body().get("nextToken").asText();
        assertThat(counted(() -> listExperiments(Map.of("limit", "2", "nextToken", token)))).containsExactly(QUERY);
        assertThat(counted(() -> listExperiments(Map.of("status", "DRAFT")))).containsExactly(QUERY);
    }

    private static ApiResult listExperiments(Map<String, String> query) {
        return platform.api(platform.experiments, "GET", "/api/experiments", Map.of(), query, Map.of(), null);
    }

    /**
     * The cost model's DynamoDB units for one document (POST /api/upload, the worker on its S3 event, one
     * GET /api/extract/{id}) are what these very requests consume, so a change of calls or consistency that
     * changes the bill fails here until the model follows.
     */
    @Test
    void costModelCountsTheCapacityOneDocumentConsumes() {
        CostModel.Workload workload = CostModel.Workload.dischargeSummary();
        List<Map.Entry<String, Double>> life = new ArrayList<>();
        String[] documentId = new String[1];
        counted(() -> documentId[0] = platform.uploadText("Cost Model"));
        life.addAll(units);
        platform.objectCreated(platform.documents.find(documentId[0]).orElseThrow().objectKey());
        counted(() -> invokeWorkerOnNextMessage());
        life.addAll(units);
        counted(() -> platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId[0])));
        life.addAll(units);
        double reads = life.stream().filter(u -> READS.contains(u.getKey())).mapToDouble(Map.Entry::getValue).sum();
        double writes = life.stream().filter(u -> !READS.contains(u.getKey())).mapToDouble(Map.Entry::getValue).sum();
        assertThat(reads).as("read units of %s", life).isEqualTo(workload.dynamoReadUnits());
        assertThat(writes).as("table write units of %s", life).isEqualTo(CostModel.Workload.TABLE_WRITE_UNITS);
    }

    private static void consumed(String operation, double capacity) {
        if (counting) {
            synchronized (requests) {
                units.add(Map.entry(operation, capacity));
            }
        }
    }

    private static List<String> counted(Supplier<?> call) {
        // The running experiment and the label are cached for 30 s: refresh both now, outside the count.
        platform.clock.advance(Duration.ofSeconds(31));
        platform.selector.select("doc_refresh");
        synchronized (requests) {
            requests.clear();
            units.clear();
        }
        counting = true;
        Object answer;
        try {
            answer = call.get();
        } finally {
            counting = false;
        }
        if (answer instanceof ApiResult r) {
            assertThat(r.status()).as("%s", r.body()).isBetween(200, 299);
        }
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static List<String> counted(Runnable call) {
        return counted(() -> {
            call.run();
            return null;
        });
    }

    /** Receives the next queue message and runs the extract function on it, as the event source mapping would. */
    private static void invokeWorkerOnNextMessage() {
        counting = false;
        List<Message> messages = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                .maxNumberOfMessages(1).waitTimeSeconds(5).messageSystemAttributeNamesWithStrings("All")).messages();
        assertThat(messages).hasSize(1);
        counting = true;
        JsonNode response = LocalPlatform.invoke(platform.extract, platform.sqsEvent(messages));
        counting = false;
        assertThat(response.path("batchItemFailures")).isEmpty();
        platform.clients.sqs().deleteMessage(b -> b.queueUrl(platform.queueUrl)
                .receiptHandle(messages.get(0).receiptHandle()));
    }

    /** Names each request the way the service's protocol does: X-Amz-Target, else the S3 method or Bedrock path. */
    static String operation(SdkHttpRequest request) {
        return request.firstMatchingHeader("X-Amz-Target")
                .map(target -> target.startsWith("DynamoDB_")
                        ? "DynamoDB " + target.substring(target.indexOf('.') + 1)
                        : "SQS " + target.substring(target.indexOf('.') + 1))
                .orElseGet(() -> request.encodedPath().startsWith("/model/")
                        ? "Bedrock " + request.encodedPath().substring(request.encodedPath().lastIndexOf('/') + 1)
                        : "S3 " + request.method().name());
    }

    /** Records the operation of every request made while {@link #counting}, then passes it on. */
    private static final class CountingHttpClient extends CallWrappingHttpClient {

        CountingHttpClient(SdkHttpClient delegate) {
            super(delegate);
        }

        @Override
        protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real) throws IOException {
            if (counting) {
                synchronized (requests) {
                    requests.add(operation(request.httpRequest()));
                }
            }
            return real.call();
        }
    }
}
