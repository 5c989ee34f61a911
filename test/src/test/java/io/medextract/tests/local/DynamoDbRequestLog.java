package io.medextract.tests.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Wraps the SDK HTTP client of a {@link LocalPlatform} and keeps every DynamoDB call it sends (operation from
 * the {@code X-Amz-Target} header, JSON request and response bodies), so a test can count what one service call
 * reads and how many items came back.
 */
public final class DynamoDbRequestLog {

    /** One DynamoDB call: e.g. operation {@code GetItem}, its JSON request body and the server's JSON answer. */
    public record Request(String operation, String body, String response) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public SdkHttpClient wrap(SdkHttpClient delegate) {
        return new CallWrappingHttpClient(delegate) {
            @Override
            protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real)
                    throws IOException {
                Optional<String> operation = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                        .filter(t -> t.startsWith("DynamoDB_")).map(t -> t.substring(t.indexOf('.') + 1));
                if (operation.isEmpty()) {
                    return real.call();
                }
                String body = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
                HttpExecuteResponse response = real.call();
                byte[] answer = response.responseBody().isPresent()
                        ? response.responseBody().get().readAllBytes() : new byte[0];
                requests.add(new Request(operation.get(), body, new String(answer, StandardCharsets.UTF_8)));
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
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

    public void clear() {
        requests.clear();
    }

    /** Every call so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests of {@code operation} whose body contains {@code text}. */
    public long count(String operation, String text) {
        return requests.stream().filter(r -> r.operation().equals(operation) && r.body().contains(text)).count();
    }
}
