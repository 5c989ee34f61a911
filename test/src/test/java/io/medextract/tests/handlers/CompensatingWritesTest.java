package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.tests.local.CallWrappingHttpClient;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;

/**
 * A requested extraction whose queue message cannot be sent is undone (its item and the caller's active marker go,
 * so the caller may ask again at once); when the undo fails as well, the answer is still the 503, and the function
 * logs the ids and counts {@code MedExtract/CompensationFailed}, which the CompensatingWriteFailed alarm watches.
 */
class CompensatingWritesTest {

    private final AtomicBoolean sqsDown = new AtomicBoolean();
    private final AtomicBoolean deletesFail = new AtomicBoolean();
    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anUnqueuedExtractionIsUndoneAndAFailedUndoIsCountedAndLogged() throws Exception {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults(), http -> new CallWrappingHttpClient(http) {
            @Override
            protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real) throws IOException {
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                if (sqsDown.get() && target.equals("AmazonSQS.SendMessage")) {
                    throw new IOException("the queue cannot be reached");
                }
                if (deletesFail.get() && target.endsWith(".TransactWriteItems") && body(request).contains("\"Delete\"")) {
                    throw new IOException("the table cannot be reached");
                }
                return real.call();
            }
        });
        String documentId = platform.uploadText("Compensated Person");

        sqsDown.set(true);
        ApiResult undone = extract(documentId);
        assertThat(undone.status()).as(undone.body().toString()).isEqualTo(503);
        assertThat(undone.body().get("error").asText()).isEqualTo("queue_unavailable");
        assertThat(platform.extractions.allFor(documentId)).isEmpty();
        assertThat(platform.scan(platform.resultsTable)).noneSatisfy(item ->
                assertThat(item.get("sk").s()).startsWith("ACTIVE#"));

        deletesFail.set(true);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ApiResult stranded;
        try {
            stranded = extract(documentId);
        } finally {
            System.setOut(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(stranded.status()).as(stranded.body().toString()).isEqualTo(503);
        String extractionId = platform.extractions.allFor(documentId).get(0).extractionId();
        assertThat(platform.extractions.allFor(documentId)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(ExtractionStatus.QUEUED));
        assertThat(logs).contains("compensating write failed").contains("discard-unqueued-extraction")
                .contains(extractionId).contains("\"CompensationFailed\":1").contains("\"Namespace\":\"MedExtract\"");
        assertThat(logs.lines().filter(l -> l.contains("\"CompensationFailed\""))).singleElement()
                .satisfies(line -> assertThat(line).contains("\"Stage\":\"dev\""));
    }

    private ApiResult extract(String documentId) {
        return platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                Map.of(), null);
    }

    private static String body(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return "";
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
