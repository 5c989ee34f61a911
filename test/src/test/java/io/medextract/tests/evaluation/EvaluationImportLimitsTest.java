package io.medextract.tests.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.tests.local.CallWrappingHttpClient;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;

/**
 * An evaluation set imported from S3 is sized on the listing before anything is read: an oversized document or
 * expected.json is refused (413) without a GetObject of it, and nothing is stored. Seen on the wire to S3Mock.
 */
class EvaluationImportLimitsTest {

    /** Every S3 object read the platform's clients send: "GET /bucket/key". */
    private final List<String> objectReads = new CopyOnWriteArrayList<>();
    private LocalPlatform platform;

    @BeforeEach
    void start() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults(), delegate -> new CallWrappingHttpClient(delegate) {
            @Override
            protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real) throws IOException {
                var http = request.httpRequest();
                if (http.method().name().equals("GET") && http.encodedPath().contains("/evaluation-imports/")
                        && http.firstMatchingRawQueryParameter("list-type").isEmpty()) {
                    objectReads.add("GET " + http.encodedPath());
                }
                return real.call();
            }
        });
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void anOversizedDocumentIsRefusedWithoutReadingIt() {
        byte[] pdf = new byte[3 * 1024 * 1024 + 1];
        Arrays.fill(pdf, (byte) ' ');
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, pdf, 0, 9);
        put("evaluation-imports/big/case-1/document.pdf", pdf);
        put("evaluation-imports/big/case-1/expected.json", "{}".getBytes());
        LocalPlatform.StorageSnapshot before = platform.snapshot();

        ApiResult r = importSet("evaluation-imports/big/");

        assertThat(r.status()).as(r.body().toString()).isEqualTo(413);
        assertThat(r.body().get("message").asText()).contains("case 'case-1'", "document.pdf", "3145729 bytes",
                "at most 3145728 bytes");
        assertThat(objectReads).as("no object was read").isEmpty();
        assertThat(platform.snapshot()).isEqualTo(before);
    }

    @Test
    void anOversizedExpectedExtractionIsRefusedWithoutReadingIt() {
        put("evaluation-imports/verbose/case-1/document.txt", "Discharge summary".getBytes());
        byte[] expected = new byte[1_000_001];
        Arrays.fill(expected, (byte) ' ');
        expected[0] = '{';
        expected[expected.length - 1] = '}';
        put("evaluation-imports/verbose/case-1/expected.json", expected);

        ApiResult r = importSet("evaluation-imports/verbose/");

        assertThat(r.status()).as(r.body().toString()).isEqualTo(413);
        assertThat(r.body().get("message").asText()).contains("expected.json is 1000001 bytes", "at most 1000000");
        assertThat(objectReads).isEmpty();
    }

    @Test
    void filesWithinTheirLimitsAreReadOnce() {
        for (List<String> c : SampleEvaluationSet.CASES) {
            put("evaluation-imports/sample/" + c.get(0) + "/" + c.get(1), SampleEvaluationSet.file(c.get(0), c.get(1)));
            put("evaluation-imports/sample/" + c.get(0) + "/expected.json",
                    SampleEvaluationSet.file(c.get(0), "expected.json"));
        }

        ApiResult r = importSet("evaluation-imports/sample/");

        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(objectReads).hasSize(2 * SampleEvaluationSet.CASES.size()).doesNotHaveDuplicates();
    }

    private ApiResult importSet(String prefix) {
        return platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"imported\",\"template\":\"clinical-summary\",\"s3Prefix\":\"" + prefix + "\"}");
    }

    private void put(String key, byte[] content) {
        platform.clients.s3().putObject(b -> b.bucket(platform.bucket).key(key), RequestBody.fromBytes(content));
    }
}
