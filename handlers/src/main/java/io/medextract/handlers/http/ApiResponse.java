package io.medextract.handlers.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import io.medextract.handlers.json.Json;

/** The Lambda proxy integration response API Gateway expects. */
public record ApiResponse(
        @JsonProperty("statusCode") int statusCode,
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("body") String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int statusCode, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return new ApiResponse(statusCode, headers, Json.write(body), false);
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(statusCode, merged, body, isBase64Encoded);
    }

    public static ApiResponse error(int statusCode, String errorCode, String message, String requestId) {
        return json(statusCode, new ErrorBody(errorCode, message, requestId));
    }

    /** The error body with further members after the three every error carries. */
    public static ApiResponse error(int statusCode, String errorCode, String message, String requestId,
                                    Map<String, Object> details) {
        if (details.isEmpty()) {
            return error(statusCode, errorCode, message, requestId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errorCode);
        body.put("message", message);
        body.put("requestId", requestId);
        details.forEach(body::putIfAbsent);
        return json(statusCode, body);
    }

    /** What every error response carries: a machine-readable code, a sentence for people, the request id. */
    public record ErrorBody(String error, String message, String requestId) {}
}
