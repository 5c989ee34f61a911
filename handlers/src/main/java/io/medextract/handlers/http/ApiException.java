package io.medextract.handlers.http;

/** A failure the caller can act on: becomes an HTTP 4xx (or 501/503) with a JSON error body. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final java.util.Map<String, Object> details;
    private final java.util.Map<String, String> headers;

    public ApiException(int statusCode, String errorCode, String message) {
        this(statusCode, errorCode, message, java.util.Map.of(), java.util.Map.of());
    }

    private ApiException(int statusCode, String errorCode, String message, java.util.Map<String, Object> details,
                         java.util.Map<String, String> headers) {
        super(message, null, false, false);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.details = java.util.Map.copyOf(details);
        this.headers = java.util.Map.copyOf(headers);
    }

    /** 429: the caller's limit is spent for now; {@code retryAfterSeconds} becomes the Retry-After header too. */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, "too_many_requests", message)
                .withDetail("retryAfterSeconds", retryAfterSeconds)
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** This error with one more member in its JSON body (beside error, message and requestId). */
    public ApiException withDetail(String name, Object value) {
        java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(details);
        more.put(name, value);
        return new ApiException(statusCode, errorCode, getMessage(), more, headers);
    }

    /** This error with one more response header. */
    public ApiException withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(statusCode, errorCode, getMessage(), details, more);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /** A document that declares more than the platform accepts (pages, pixels) or cannot be read. */
    public static ApiException invalidDocument(String message) {
        return new ApiException(400, "invalid_document", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message);
    }

    public static ApiException notImplemented(String message) {
        return new ApiException(501, "not_implemented", message);
    }

    public int statusCode() {
        return statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Members the error body carries besides error, message and requestId (e.g. the active extraction). */
    public java.util.Map<String, Object> details() {
        return details;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
