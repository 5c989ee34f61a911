package io.medextract.tests.metrics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An SDK HTTP client that records every DynamoDB call that goes through it (its operation, request and
 * response body), so a test can see what the handlers asked the local server for and how many items came back.
 */
final class RecordingHttpClient implements SdkHttpClient {

    /** One call: {@code operation} is the X-Amz-Target's operation, e.g. {@code Query}. */
    record Call(String operation, String request, String response) {}

    private final SdkHttpClient delegate;
    private final List<Call> calls;

    RecordingHttpClient(SdkHttpClient delegate, List<Call> calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target");
        String body = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = prepared.call();
                if (target.isEmpty() || response.responseBody().isEmpty()) {
                    return response;
                }
                byte[] answer = response.responseBody().get().readAllBytes();
                synchronized (calls) {
                    String t = target.get();
                    calls.add(new Call(t.substring(t.indexOf('.') + 1), body,
                            new String(answer, StandardCharsets.UTF_8)));
                }
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
