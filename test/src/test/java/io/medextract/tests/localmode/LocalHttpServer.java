package io.medextract.tests.localmode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Local mode's one origin, on 127.0.0.1 only and answering only that origin ({@link LocalOriginFilter}):
 * {@code /api/...} as API Gateway (a proxy event per request to the function that owns
 * the route), {@code /config.json} for the console (no sign-in), presigned upload PUTs passed on to S3Mock, a
 * local-only {@code POST /local/rollup}, and the console's files for everything else.
 */
final class LocalHttpServer implements AutoCloseable {

    /**
     * Lambda's synchronous invocation payload limit, 6 MB for the request
     * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a larger API request never
     * reaches the function. Local mode answers it 413 in the API's error shape.
     */
    static final int LAMBDA_REQUEST_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** What the routes need from the rest of local mode. */
    record Backends(ApiRouteTemplates routes, Map<String, RequestStreamHandler> functionsBySegment,
                    String bucket, URI s3Endpoint, Consumer<String> objectWritten,
                    java.util.function.Function<String, Optional<String>> uploadedObjectKey,
                    java.util.function.Supplier<JsonNode> runRollup, StaticFiles console) {}

    private static final String CONFIG_JSON = "{\"apiBaseUrl\":\"\",\"auth\":{\"mode\":\"none\"}}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Backends backends;
    private final S3UploadProxy s3Proxy;

    LocalHttpServer(LocalOrigin origin, Backends backends) throws IOException {
        this.backends = backends;
        this.s3Proxy = new S3UploadProxy(backends.s3Endpoint());
        this.server = HttpServer.create(new InetSocketAddress(LocalOrigin.LOOPBACK, origin.port()), 64);
        server.createContext("/", this::handle).getFilters()
                .add(new LocalOriginFilter(origin, "/" + backends.bucket() + "/"));
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/") || path.equals("/api")) {
                api(exchange, method, path);
            } else if (path.equals("/config.json")) {
                send(exchange, 200, "application/json", CONFIG_JSON.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/local/rollup") && method.equals("POST")) {
                send(exchange, 200, "application/json",
                        backends.runRollup().get().toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/" + backends.bucket() + "/")) {
                upload(exchange, method, path);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                backends.console().serve(exchange, path);
            } else {
                sendError(exchange, 405, "method_not_allowed", method + " is not allowed on " + path);
            }
        } catch (RuntimeException e) {
            System.err.println("local mode: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " failed: " + e);
            sendError(exchange, 502, "bad_gateway", "local mode could not complete the request: " + e.getClass().getSimpleName());
        }
    }

    private void api(HttpExchange exchange, String method, String path) throws IOException {
        Optional<ApiRouteTemplates.Match> route = backends.routes().match(path);
        String[] parts = path.split("/");
        // /api/any-owner/<segment>/...: served by the function of <segment>, as the construct routes it.
        int at = parts.length > 3 && parts[2].equals("any-owner") ? 3 : 2;
        String segment = parts.length > at ? parts[at] : "";
        RequestStreamHandler function = backends.functionsBySegment().get(segment);
        if (route.isEmpty() || function == null) {
            sendError(exchange, 404, "not_found", "no API route " + method + " " + path);
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(LAMBDA_REQUEST_PAYLOAD_BYTES + 1);
        if (body.length > LAMBDA_REQUEST_PAYLOAD_BYTES) {
            sendError(exchange, 413, "payload_too_large",
                    "the request is over the 6 MB a Lambda function accepts; upload large documents presigned");
            return;
        }
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        JsonNode event = ApiGatewayProxyEvents.build(method, path, route.get(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body.length == 0 && !method.equals("POST") && !method.equals("PATCH")
                        ? null : new String(body, StandardCharsets.UTF_8), sourceIp);
        JsonNode response = LocalPlatform.invoke(function, event, TestContext.fresh());
        int status = response.path("statusCode").asInt(502);
        Headers headers = exchange.getResponseHeaders();
        response.path("headers").properties().forEach(h -> headers.set(h.getKey(), h.getValue().asText()));
        response.path("multiValueHeaders").properties().forEach(h -> {
            headers.remove(h.getKey());
            h.getValue().forEach(v -> headers.add(h.getKey(), v.asText()));
        });
        byte[] out = response.path("isBase64Encoded").asBoolean(false)
                ? java.util.Base64.getDecoder().decode(response.path("body").asText(""))
                : response.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        boolean replay = "true".equalsIgnoreCase(response.path("headers").path("Idempotent-Replay").asText());
        if (status == 201 && !replay && method.equals("POST") && route.get().resource().equals("/api/upload")) {
            // An inline upload wrote its object: S3 would now emit "Object Created" (a replay wrote nothing).
            JsonNode created = LocalPlatform.JSON.readTree(out);
            if ("UPLOADED".equals(created.path("status").asText())) {
                backends.uploadedObjectKey().apply(created.path("documentId").asText())
                        .ifPresent(backends.objectWritten());
            }
        }
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
    }

    private void upload(HttpExchange exchange, String method, String path) throws IOException {
        if (!method.equals("PUT")) {
            sendError(exchange, 405, "method_not_allowed", "only presigned uploads (PUT) reach the bucket here");
            return;
        }
        int status = s3Proxy.forward(exchange);
        if (status / 100 == 2) {
            String key = java.net.URLDecoder.decode(path.substring(backends.bucket().length() + 2).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            backends.objectWritten().accept(key);
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        String body = LocalPlatform.JSON.createObjectNode().put("error", code).put("message", message)
                .put("requestId", UUID.randomUUID().toString()).toString();
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
