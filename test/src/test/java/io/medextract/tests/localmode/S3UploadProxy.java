package io.medextract.tests.localmode;

import com.sun.net.httpserver.HttpExchange;
import io.medextract.tests.local.DocumentBucketPolicy;
import io.medextract.tests.local.PresignedRequestCheck;
import io.medextract.tests.local.S3RequestGate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Set;

/**
 * Passes a presigned PUT from the local origin on to S3Mock and its answer back. Presigned URLs name the local
 * server, so the console uploads to its own origin (no CORS set-up on S3Mock). S3Mock checks no signatures: a PUT
 * first passes the checks S3 makes (the URL's signature and expiry, If-None-Match), answered as S3 answers them
 * ({@link S3RequestGate}), so a second PUT to the same URL gets 412 here as it does on AWS. Writes the documents
 * bucket's policy denies (encryption other than the platform key: {@link DocumentBucketPolicy}) are answered 403,
 * as S3 would.
 */
final class S3UploadProxy {

    /** Headers the JDK client sets itself or refuses. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    /** Local mode has no KMS key: a write naming any key is denied, one naming none takes the default. */
    private static final DocumentBucketPolicy BUCKET_POLICY = new DocumentBucketPolicy(java.util.Optional.empty());

    private final URI s3Endpoint;
    private final HttpClient client = HttpClient.newHttpClient();
    private final S3RequestGate gate;

    S3UploadProxy(URI s3Endpoint) {
        this.s3Endpoint = s3Endpoint;
        this.gate = new S3RequestGate(new PresignedRequestCheck(LocalMode.CREDENTIALS, LocalMode.REGION.id(),
                Clock.systemUTC()), s3Endpoint);
    }

    /** @return the status answered: S3's refusal, or S3Mock's answer */
    int forward(HttpExchange exchange) throws IOException {
        return gate.handle(exchange, this::toS3Mock);
    }

    private int toS3Mock(HttpExchange exchange) throws IOException {
        // S3Mock keeps whatever encryption a request names; S3 would apply the bucket policy first.
        if (BUCKET_POLICY.denial(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders()).isPresent()) {
            byte[] denied = DocumentBucketPolicy.ACCESS_DENIED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, denied.length);
            exchange.getResponseBody().write(denied);
            return 403;
        }
        URI target = s3Endpoint.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(exchange.getRequestMethod(),
                        HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading to S3Mock", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("transfer-encoding")
                    && !name.equals(":status")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        return response.statusCode();
    }
}
