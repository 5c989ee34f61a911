package io.medextract.handlers.domain;

import java.time.Instant;

/**
 * A document item. {@code filename} is the caller's (sanitised) name and may itself be sensitive: it is
 * stored and returned, never logged. {@code owner} is who created it (the uploader, or the evaluation set's
 * creator; null for items written before owners were recorded): it decides who reads the document and its
 * extractions. {@code evaluationSet} names the set version ({@code name@version}) a labelled evaluation document
 * belongs to, null for uploads (and for evaluation documents stored before it was recorded).
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
        String rejectionReason,
        String owner,
        String evaluationSet) {

    public enum UploadMode { INLINE, PRESIGNED }

    public DocumentRecord withStatus(DocumentStatus newStatus, Instant at, String reason) {
        return new DocumentRecord(documentId, filename, type, sizeBytes, sha256, objectKey, newStatus, uploadMode,
                createdAt, newStatus == DocumentStatus.UPLOADED ? at : uploadedAt, reason, owner, evaluationSet);
    }
}
