package io.medextract.handlers.domain;

/** Lifecycle of an extraction. SUCCEEDED and FAILED are final. */
public enum ExtractionStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
