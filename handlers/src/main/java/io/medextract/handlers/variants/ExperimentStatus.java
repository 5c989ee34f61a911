package io.medextract.handlers.variants;

/** DRAFT -> RUNNING -> STOPPED or PROMOTED; STOPPED -> PROMOTED; PROMOTED -> ROLLED_BACK. */
public enum ExperimentStatus {
    DRAFT,
    RUNNING,
    STOPPED,
    PROMOTED,
    ROLLED_BACK
}
