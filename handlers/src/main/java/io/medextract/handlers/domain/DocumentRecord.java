package io.medextract.handlers.domain;

import java.time.Instant;

/**
 * A document item. {@code filename} is the caller's (sanitised) name and may itself be sensitive: it is
 * stored and returned, never logged. {@code owner} is who created it (the uploader, or the evaluation set's
 * creator; null for items written before owners were recorded): it decides who reads the document and its
 * extractions. {@code evaluationSet} names the set version ({@code name@version}) a labelled evaluation document
 * belongs to, null for uploads (and for evaluation documents stored before it was recorded). {@code retainUntil} is
 * when the document goes under the platform's {@link Retention} (null: kept until erased).
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
        String evaluationSet,
        Instant retainUntil) {

    public enum UploadMode { INLINE, PRESIGNED }

    public DocumentRecord withStatus(DocumentStatus newStatus, Instant at, String reason) {
        return new DocumentRecord(documentId, filename, type, sizeBytes, sha256, objectKey, newStatus, uploadMode,
                createdAt, newStatus == DocumentStatus.UPLOADED ? at : uploadedAt, reason, owner, evaluationSet,
                retainUntil);
    }

    /**
     * The instant the item's TTL attribute carries: while PENDING_UPLOAD a day after creation (a presigned upload
     * that never arrives must not keep its file name), or the retention instant if that comes first; afterwards the
     * retention instant. Null: kept until erased.
     */
    public Instant expiresAt() {
        if (status == DocumentStatus.PENDING_UPLOAD) {
            Instant abandoned = createdAt.plus(Retention.PENDING_UPLOAD);
            return retainUntil != null && retainUntil.isBefore(abandoned) ? retainUntil : abandoned;
        }
        return retainUntil;
    }

    /** Past its TTL instant: gone for every reader, though DynamoDB may delete the item only days later. */
    public boolean isGoneAt(Instant now) {
        Instant expires = expiresAt();
        return expires != null && !now.isBefore(expires);
    }
}
