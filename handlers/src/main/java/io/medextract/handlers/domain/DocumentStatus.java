package io.medextract.handlers.domain;

/** Lifecycle of a document item. Only UPLOADED documents are extracted. */
public enum DocumentStatus {
    /** The item exists, the object is not there (yet): a presigned upload in flight, or an upload being written. */
    PENDING_UPLOAD,
    /** The object is stored and its content was verified. */
    UPLOADED,
    /**
     * The uploaded object failed verification (type, size, not written through its presigned URL), or the object was
     * replaced after the document was checked (quarantined); it is never extracted (again).
     */
    REJECTED
}
