package io.medextract.tests.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Wraps the SDK HTTP client of a {@link LocalPlatform} and keeps every DynamoDB request it sends (operation from
 * the {@code X-Amz-Target} header, JSON body), so a test can count what one service call reads.
 */
public final class DynamoDbRequestLog {

    /** One DynamoDB request: e.g. operation {@code GetItem} and its JSON body. */
    public record Request(String operation, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public SdkHttpClient wrap(SdkHttpClient delegate) {
        DynamoDbRequestLog log = this;
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                request.httpRequest().firstMatchingHeader("X-Amz-Target")
                        .filter(t -> t.startsWith("DynamoDB_"))
                        .ifPresent(target -> log.requests.add(new Request(target.substring(target.indexOf('.') + 1),
                                request.contentStreamProvider().map(p -> read(p.newStream())).orElse(""))));
                return delegate.prepareRequest(request);
            }

            @Override
            public String clientName() {
                return delegate.clientName();
            }

            @Override
            public void close() {
                delegate.close();
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

    /** Requests of {@code operation} whose body contains {@code text}. */
    public long count(String operation, String text) {
        return requests.stream().filter(r -> r.operation().equals(operation) && r.body().contains(text)).count();
    }
}
