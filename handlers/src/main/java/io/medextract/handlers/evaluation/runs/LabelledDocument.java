package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.documents.FileNames;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * A document with its expected extraction, as given in a request body ({@code filename, contentType,
 * contentBase64, expected}) or read from an S3 import prefix, with its bytes checked the way uploads are.
 */
public record LabelledDocument(String filename, DocumentType type, byte[] content, JsonNode expected) {

    /** As inline uploads: stays within Lambda's 6 MB synchronous payload once base64-encoded. */
    static final int MAX_INLINE_BYTES = 3 * 1024 * 1024;
    /** An expected extraction is a few KB; this keeps a set's items far below DynamoDB's 400 KB item limit. */
    static final int MAX_EXPECTED_CHARS = 100_000;
    private static final Set<String> FIELDS = Set.of("filename", "contentType", "contentBase64", "expected");

    /** Parses one document object of a request body; {@code where} names it in error messages. */
    static LabelledDocument parse(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(where + " must be a JSON object {filename, contentType, contentBase64, expected}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest(where + ": unknown field '" + f + "'; allowed: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        for (String f : FIELDS) {
            if (f.equals("expected") ? !node.path(f).isObject() : !node.path(f).isTextual()) {
                throw ApiException.badRequest(where + ": field '" + f + "' is missing or has the wrong type"
                        + (f.equals("expected") ? " (a JSON object following the template's schema)" : ""));
            }
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(node.get("contentBase64").asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + ": contentBase64 is not valid base64");
        }
        return of(node.get("filename").asText(), node.get("contentType").asText(), content, node.get("expected"), where);
    }

    /** Checks name, type (declared and detected must agree) and size, as an upload is checked. */
    static LabelledDocument of(String filename, String contentType, byte[] content, JsonNode expected, String where) {
        String name;
        try {
            name = FileNames.validated(filename);
        } catch (ApiException e) {
            throw new ApiException(e.statusCode(), e.errorCode(), where + ": " + e.getMessage());
        }
        DocumentType declared = DocumentType.fromMediaType(contentType).orElseThrow(() -> new ApiException(415,
                "unsupported_media_type", where + ": contentType '" + contentType + "' is not accepted; allowed:"
                        + " application/pdf, image/png, image/jpeg, image/tiff, text/plain"));
        if (content.length == 0) {
            throw ApiException.badRequest(where + ": the document is empty");
        }
        if (content.length > Math.min(MAX_INLINE_BYTES, declared.maxBytes())) {
            throw ApiException.payloadTooLarge(where + ": documents of an evaluation set are limited to "
                    + Math.min(MAX_INLINE_BYTES, declared.maxBytes()) + " bytes");
        }
        DocumentType detected = DocumentType.detect(content).orElseThrow(() -> new ApiException(415,
                "unsupported_media_type", where + ": content is not a PDF, PNG, JPEG, TIFF or UTF-8 text document"));
        if (detected != declared) {
            throw new ApiException(415, "unsupported_media_type", where + ": contentType says "
                    + declared.mediaType() + " but the content is " + detected.mediaType());
        }
        if (expected == null || !expected.isObject()) {
            throw ApiException.badRequest(where + ": expected must be a JSON object following the template's schema");
        }
        if (expected.toString().length() > MAX_EXPECTED_CHARS) {
            throw ApiException.payloadTooLarge(where + ": expected is limited to " + MAX_EXPECTED_CHARS + " characters");
        }
        return new LabelledDocument(name, declared, content, expected);
    }
}
