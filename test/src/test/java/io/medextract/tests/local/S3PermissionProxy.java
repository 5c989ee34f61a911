package io.medextract.tests.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of S3Mock that answers as S3 answers a role with a given set of permissions.
 * S3Mock grants everything, so a missing key gets 404 NoSuchKey; S3 gives that only to callers allowed
 * {@code s3:ListBucket}, and 403 AccessDenied to the others
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions"). The proxy also denies
 * object reads outright (as a KMS key policy would), denies listing, or fails reads with 500, on demand.
 *
 * <p>S3Mock checks no signatures: the proxy checks presigned URLs (signature, expiry, parameters) and conditional
 * writes (If-None-Match) as S3 does, before anything else ({@link S3RequestGate}).
 */
public final class S3PermissionProxy implements AutoCloseable {

    /** What the role behind the proxy may do. */
    public enum Access {
        /** GetObject only: a missing key answers 403 AccessDenied; listing the upload prefix is allowed. */
        GET_WITH_SCOPED_LIST,
        /** GetObject without any ListBucket: a missing key and every listing answer 403. */
        GET_WITHOUT_LIST,
        /** Every object read denied (e.g. the KMS key policy): 403 although the object exists. */
        READS_DENIED,
        /** Every object read fails with 500 InternalError: an error no retry fixes. */
        READS_FAIL
    }

    /** Headers the JDK client sets itself or forbids. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    /** S3's error body for a denied request (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
    private static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
            + "</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    private static final String INTERNAL_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError"
            + "</Code><Message>We encountered an internal error. Please try again.</Message></Error>";

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newHttpClient();
    private final S3RequestGate gate;
    private volatile Access access = Access.GET_WITH_SCOPED_LIST;

    /** Checks presigned URLs signed with the local platform's credentials, against the system clock. */
    public S3PermissionProxy(URI target) {
        this(target, new PresignedRequestCheck(LocalPlatform.CREDENTIALS, LocalPlatform.REGION.id(),
                java.time.Clock.systemUTC()));
    }

    public S3PermissionProxy(URI target, PresignedRequestCheck presigned) {
        this.target = target;
        this.gate = new S3RequestGate(presigned, target);
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void access(Access access) {
        this.access = access;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            gate.handle(exchange, this::asPermitted);
        }
    }

    /** Answers as S3 answers the role's permissions; returns the status sent. */
    private int asPermitted(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        boolean listing = query != null && query.contains("list-type=2");
        boolean objectRead = exchange.getRequestMethod().equals("GET") && !listing
                && exchange.getRequestURI().getRawPath().chars().filter(c -> c == '/').count() >= 2;
        if (listing && access == Access.GET_WITHOUT_LIST) {
            send(exchange, 403, ACCESS_DENIED);
            return 403;
        }
        if (objectRead && access == Access.READS_DENIED) {
            send(exchange, 403, ACCESS_DENIED);
            return 403;
        }
        if (objectRead && access == Access.READS_FAIL) {
            send(exchange, 500, INTERNAL_ERROR);
            return 500;
        }
        HttpResponse<byte[]> answer = forward(exchange);
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (objectRead && answer.statusCode() == 404 && body.contains("<Code>NoSuchKey</Code>")) {
            // No s3:ListBucket in the GetObject request context: S3 will not say the key is missing.
            send(exchange, 403, ACCESS_DENIED);
            return 403;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !name.equalsIgnoreCase("transfer-encoding") && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
        return answer.statusCode();
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(v -> request.header(header.getKey(), v));
            }
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.getResponseHeaders().add("x-amz-request-id", "4442587FB7D0A2F9");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
