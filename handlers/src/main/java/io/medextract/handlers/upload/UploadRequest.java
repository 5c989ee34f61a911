package io.medextract.handlers.upload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Body of POST /api/upload: {@code {filename, contentType, contentBase64}} for an inline upload, or
 * {@code {filename, contentType, sizeBytes}} (no content) for a presigned one.
 */
public record UploadRequest(String filename, String contentType, String contentBase64, Long sizeBytes) {

    /** Whole request body limit: an inline document of 3 MiB is about 4 MiB of base64. */
    static final int MAX_BODY_BYTES = 4_500_000;

    @JsonCreator
    public UploadRequest(@JsonProperty(value = "filename", required = true) String filename,
                         @JsonProperty(value = "contentType", required = true) String contentType,
                         @JsonProperty("contentBase64") String contentBase64,
                         @JsonProperty("sizeBytes") Long sizeBytes) {
        this.filename = filename;
        this.contentType = contentType;
        this.contentBase64 = contentBase64;
        this.sizeBytes = sizeBytes;
    }

    public boolean isInline() {
        return contentBase64 != null;
    }

    /** Parses and checks the shape of the body; content rules are {@link UploadService}'s. */
    public static UploadRequest parse(ApiRequest request) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("request body is required: {filename, contentType, contentBase64 | sizeBytes}");
        }
        if (request.base64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        if (body.length() > MAX_BODY_BYTES) {
            throw ApiException.payloadTooLarge("request body exceeds " + MAX_BODY_BYTES
                    + " bytes; upload large files without contentBase64 to get a presigned URL");
        }
        UploadRequest parsed;
        try {
            parsed = Json.mapper().readValue(body, UploadRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName()
                    + "'; allowed: filename, contentType, contentBase64, sizeBytes");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw ApiException.badRequest(field == null ? "body must be a JSON object"
                    : "field '" + field + "' is missing or has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
        if (parsed == null) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        if (parsed.filename() == null || parsed.contentType() == null) {
            throw ApiException.badRequest("filename and contentType are required strings");
        }
        if (parsed.isInline() && parsed.sizeBytes() != null) {
            throw ApiException.badRequest("give either contentBase64 or sizeBytes, not both");
        }
        if (!parsed.isInline() && parsed.sizeBytes() == null) {
            throw ApiException.badRequest("sizeBytes is required when contentBase64 is absent (presigned upload)");
        }
        return parsed;
    }
}
