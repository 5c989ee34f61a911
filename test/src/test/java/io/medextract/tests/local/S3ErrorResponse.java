package io.medextract.tests.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 REST error as S3 writes it: the HTTP status and an XML {@code Error} document with {@code Code},
 * {@code Message}, the elements particular to the error (in S3's order) and {@code RequestId}
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html, "REST error responses" and "List of error
 * codes").
 *
 * @param details the error's own elements, e.g. {@code Condition} of PreconditionFailed
 */
public record S3ErrorResponse(int status, String code, String message, Map<String, String> details) {

    static final String REQUEST_ID = "4442587FB7D0A2F9";

    public S3ErrorResponse {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public S3ErrorResponse(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public String xml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(escaped(code)).append("</Code><Message>").append(escaped(message)).append("</Message>");
        details.forEach((name, value) -> xml.append('<').append(name).append('>').append(escaped(value))
                .append("</").append(name).append('>'));
        return xml.append("<RequestId>").append(REQUEST_ID).append("</RequestId></Error>").toString();
    }

    /** Answers the exchange with this error (no body for HEAD, as S3). */
    public void send(HttpExchange exchange) throws IOException {
        byte[] bytes = xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.getResponseHeaders().set("x-amz-request-id", REQUEST_ID);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
