package io.medextract.handlers.experiments;

/** DRAFT -> RUNNING -> STOPPED or PROMOTED; STOPPED -> PROMOTED; PROMOTED -> ROLLED_BACK. */
public enum ExperimentStatus {
    DRAFT,
    RUNNING,
    STOPPED,
    PROMOTED,
    ROLLED_BACK
}
