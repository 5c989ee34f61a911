package io.medextract.tests.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks S3 makes on a request before it touches an object, which S3Mock does not make: query-string
 * authentication of presigned URLs ({@link PresignedRequestCheck}: signature, expiry, parameters), refusal of
 * anonymous requests (the bucket blocks public access) and conditional writes ({@link ConditionalWrite}:
 * If-None-Match). Requests signed in the Authorization header (the SDK clients') pass unverified. A request S3 would refuse is answered here with S3's status and
 * error document and never reaches S3Mock; a write that passes is forwarded while no other write to the same key
 * runs, so the existence check and the write act as one, as on S3.
 */
public final class S3RequestGate {

    /** Forwards the exchange to S3Mock and answers it; returns the status S3Mock gave. */
    @FunctionalInterface
    public interface Forward {
        int to(HttpExchange exchange) throws IOException;
    }

    private final PresignedRequestCheck presigned;
    private final URI s3Endpoint;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, Object> writeLocks = new ConcurrentHashMap<>();

    /** @param s3Endpoint S3Mock, asked whether a key has a current object */
    public S3RequestGate(PresignedRequestCheck presigned, URI s3Endpoint) {
        this.presigned = presigned;
        this.s3Endpoint = s3Endpoint;
    }

    /** Answers the exchange as S3 would: refused here, or passed to {@code forward}. Returns the status sent. */
    public int handle(HttpExchange exchange, Forward forward) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        if (PresignedRequestCheck.isPresigned(uri)) {
            Optional<S3ErrorResponse> refused = presigned.refusal(method, uri, headers);
            if (refused.isPresent()) {
                return refuse(exchange, refused.get());
            }
        } else if (PresignedRequestCheck.first(headers, "Authorization").isEmpty()) {
            // Anonymous: the documents bucket blocks all public access, so S3 denies it.
            return refuse(exchange, new S3ErrorResponse(403, "AccessDenied", "Access Denied"));
        }
        if (!method.equals("PUT")) {
            return forward.to(exchange);
        }
        synchronized (writeLocks.computeIfAbsent(uri.getRawPath(), k -> new Object())) {
            Optional<S3ErrorResponse> refused = ConditionalWrite.refusal(method, headers,
                    () -> currentObjectExists(uri.getRawPath()));
            if (refused.isPresent()) {
                return refuse(exchange, refused.get());
            }
            return forward.to(exchange);
        }
    }

    private static int refuse(HttpExchange exchange, S3ErrorResponse error) throws IOException {
        exchange.getRequestBody().readAllBytes();
        error.send(exchange);
        return error.status();
    }

    /** HEAD of the key's current version at S3Mock: 200 when there is one, 404 when none (or a delete marker). */
    private boolean currentObjectExists(String rawPath) {
        try {
            HttpResponse<Void> head = client.send(HttpRequest.newBuilder(s3Endpoint.resolve(rawPath))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() != 200 && head.statusCode() != 404) {
                throw new IllegalStateException("S3Mock answered HEAD " + rawPath + " with " + head.statusCode());
            }
            return head.statusCode() == 200;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
