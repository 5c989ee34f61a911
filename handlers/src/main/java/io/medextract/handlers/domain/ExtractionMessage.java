package io.medextract.handlers.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A message on the extraction queue: either S3's "Object Created" event (forwarded by EventBridge) or an
 * extraction requested through the API. Anything else is a poison message.
 */
public sealed interface ExtractionMessage {

    /** An object arrived under uploads/. Its version id (or etag) identifies the delivery for idempotency. */
    record ObjectCreated(String bucket, String key, String versionId, String etag, long size, Instant eventTime)
            implements ExtractionMessage {

        /** The document id encoded in {@code uploads/<documentId>/<file>}, or null for foreign keys. */
        public String documentId() {
            String[] parts = key.split("/");
            return parts.length == 3 && parts[0].equals("uploads") && SortableIds.isValid(SortableIds.DOCUMENT, parts[1])
                    ? parts[1] : null;
        }

        /** Same object version, same extraction id, however often the event is delivered. */
        public String extractionId() {
            String version = versionId != null ? versionId : etag;
            return SortableIds.deterministic(SortableIds.EXTRACTION, eventTime, bucket + "/" + key + "#" + version);
        }
    }

    /**
     * POST /api/extract/{id} created the QUEUED extraction item and sent this; the worker sends it again, delayed,
     * with {@code attempt} + 1, when Bedrock stays busy or another worker holds the extraction.
     */
    record Requested(String documentId, String extractionId, int attempt) implements ExtractionMessage {

        public Requested(String documentId, String extractionId) {
            this(documentId, extractionId, 0);
        }

        public Requested nextAttempt() {
            return new Requested(documentId, extractionId, attempt + 1);
        }

        public Map<String, Object> toBody() {
            return Map.of("type", TYPE, "documentId", documentId, "extractionId", extractionId, "attempt", attempt);
        }
    }

    String TYPE = "ExtractionRequested";

    /** Thrown for a body that is neither kind: it can never succeed, so it heads for the DLQ. */
    final class PoisonMessageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoisonMessageException(String message) {
            super(message);
        }
    }

    static ExtractionMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new PoisonMessageException("message body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new PoisonMessageException("message body is not a JSON object");
        }
        if ("aws.s3".equals(node.path("source").asText()) && "Object Created".equals(node.path("detail-type").asText())) {
            JsonNode detail = node.path("detail");
            String bucket = detail.path("bucket").path("name").asText(null);
            String key = detail.path("object").path("key").asText(null);
            if (bucket == null || key == null) {
                throw new PoisonMessageException("S3 event without bucket or key");
            }
            try {
                return new ObjectCreated(bucket, key,
                        detail.path("object").path("version-id").asText(null),
                        detail.path("object").path("etag").asText(null),
                        detail.path("object").path("size").asLong(-1),
                        Instant.parse(node.path("time").asText()));
            } catch (DateTimeParseException e) {
                throw new PoisonMessageException("S3 event with an invalid time");
            }
        }
        if (TYPE.equals(node.path("type").asText())) {
            String documentId = node.path("documentId").asText(null);
            String extractionId = node.path("extractionId").asText(null);
            if (!SortableIds.isValid(SortableIds.DOCUMENT, documentId)
                    || !SortableIds.isValid(SortableIds.EXTRACTION, extractionId)) {
                throw new PoisonMessageException("extraction request with invalid ids");
            }
            JsonNode attempt = node.path("attempt");
            if (!attempt.isMissingNode() && !(attempt.canConvertToInt() && attempt.isIntegralNumber()
                    && attempt.asInt() >= 0)) {
                throw new PoisonMessageException("extraction request with an invalid attempt");
            }
            return new Requested(documentId, extractionId, attempt.asInt(0));
        }
        throw new PoisonMessageException("unknown message type");
    }
}
