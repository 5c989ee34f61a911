package io.medextract.tests.localmode;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the built console from a directory, as the construct's CloudFront distribution serves it from S3:
 * hashed assets, index.html for every other path (client-side routes), and the same security headers.
 * Without a console build it serves a page that says how to get one.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"), Map.entry("webmanifest", "application/manifest+json"));

    private static final String NO_CONSOLE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MedExtract local mode</title></head>
            <body><main><h1>MedExtract local mode</h1><p>The API is at <code>/api</code>. The console is not built:
            run <code>./mvnw -DskipTests package</code> once, then restart local mode.</p></main></body></html>
            """;

    private final Path root;

    StaticFiles(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    boolean present() {
        return root != null && Files.isRegularFile(root.resolve("index.html"));
    }

    void serve(HttpExchange exchange, String rawPath) throws IOException {
        securityHeaders(exchange);
        if (!present()) {
            LocalHttpServer.send(exchange, 200, TYPES.get("html"), NO_CONSOLE.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (last.contains(".")) {
                LocalHttpServer.sendError(exchange, 404, "not_found", "no file " + path);
                return;
            }
            file = root.resolve("index.html"); // a client-side route
        }
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
        exchange.getResponseHeaders().set("Cache-Control", name.equals("index.html") ? "no-store" : "public, max-age=300");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void securityHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
    }
}
