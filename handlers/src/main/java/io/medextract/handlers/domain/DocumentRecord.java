package io.medextract.handlers.domain;

import java.time.Instant;

/**
 * A document item. {@code filename} is the caller's (sanitised) name and may itself be sensitive: it is
 * stored and returned, never logged.
 */
public record DocumentRecord(
        String documentId,
        String filename,
        DocumentType type,
        long sizeBytes,
        String sha256,
        String objectKey,
        DocumentStatus status,
        UploadMode uploadMode,
        Instant createdAt,
        Instant uploadedAt,
        String rejectionReason) {

    public enum UploadMode { INLINE, PRESIGNED }

    public DocumentRecord withStatus(DocumentStatus newStatus, Instant at, String reason) {
        return new DocumentRecord(documentId, filename, type, sizeBytes, sha256, objectKey, newStatus, uploadMode,
                createdAt, newStatus == DocumentStatus.UPLOADED ? at : uploadedAt, reason);
    }
}
