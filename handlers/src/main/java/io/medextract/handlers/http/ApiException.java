package io.medextract.handlers.http;

/** A failure the caller can act on: becomes an HTTP 4xx (or 501/503) with a JSON error body. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;

    public ApiException(int statusCode, String errorCode, String message) {
        super(message, null, false, false);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
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
}
