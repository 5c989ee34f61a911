package io.medextract.handlers.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Every request body the API takes is JSON, and must say so: a body sent with any other {@code Content-Type}, or
 * with none, is answered 415 before a route reads it. API Gateway cannot do this for a Lambda proxy integration
 * (its passthrough behaviours, which answer 415, apply to non-proxy integrations only), and its request validator
 * checks a body only against the model of the content type the client declared, so a JSON body sent as
 * {@code text/plain} would otherwise reach the function unvalidated.
 *
 * <p>Accepted: {@code application/json} in any letter case, optionally with {@code charset=utf-8} (RFC 8259 defines
 * no charset parameter and JSON between systems is UTF-8; any other charset means bytes this API would misread).
 * Other parameters are ignored.
 */
final class JsonRequestBodies {

    static final String MEDIA_TYPE = "application/json";
    private static final int ECHOED_CHARACTERS = 100;

    private JsonRequestBodies() {}

    /** Why this request's body is refused, or empty when it has no body or a JSON one. */
    static Optional<ApiException> refusal(ApiRequest request) {
        if (request.body() == null || request.body().isEmpty()) {
            return Optional.empty();
        }
        String declared = request.headers().get("content-type");
        if (declared == null || declared.isBlank()) {
            return Optional.of(ApiException.unsupportedMediaType(
                    "a request body must be sent with Content-Type: application/json; this request has no Content-Type"));
        }
        String[] parts = declared.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
            return Optional.of(ApiException.unsupportedMediaType("a request body must be sent with Content-Type: "
                    + "application/json, not '" + echo(declared) + "'"));
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = unquoted(parameter.substring(equals + 1).strip());
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return Optional.of(ApiException.unsupportedMediaType(
                            "request bodies are application/json in UTF-8; charset '" + echo(charset)
                                    + "' is not accepted"));
                }
            }
        }
        return Optional.empty();
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The caller's header value as far as it is printable ASCII and short: answers never carry arbitrary bytes. */
    private static String echo(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < ECHOED_CHARACTERS; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7F && c != '\'' ? c : '?');
        }
        return out.toString();
    }
}
