package io.medextract.handlers.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One extraction of one document with one prompt version. Written QUEUED, claimed RUNNING by exactly one
 * worker, and finished SUCCEEDED (with result and quality) or FAILED (with an error category). {@code sentAs}
 * says how the document reached the model (null until the model was called).
 * {@code throttleRetries} and {@code firstThrottledAt} are the retry budget: how often, and since when, Bedrock
 * sent the extraction back to the queue. {@code requestedBy} is the owner identity of the API caller that asked for
 * it; null when no caller did (the upload event, an evaluation run, or an item written before it was recorded).
 * {@code expiresAt} is its document's retention instant (the TTL attribute; null: kept until erased).
 */
public record ExtractionRecord(
        String extractionId,
        String documentId,
        ExtractionStatus status,
        String promptVersion,
        String modelId,
        Trigger trigger,
        Instant requestedAt,
        Instant completedAt,
        Long latencyMs,
        Long inputTokens,
        Long outputTokens,
        Double costUsd,
        Boolean schemaValid,
        Double fieldCompleteness,
        List<String> filledFields,
        List<String> schemaFields,
        Map<String, Integer> entityCounts,
        String stopReason,
        ErrorCategory errorCategory,
        String errorMessage,
        String resultJson,
        String experimentId,
        String variant,
        int attempts,
        SentAs sentAs,
        int throttleRetries,
        Instant firstThrottledAt,
        String requestedBy,
        Instant expiresAt) {

    /**
     * What asked for the extraction. EVALUATION extractions run the production code path for an evaluation run
     * and are kept out of production metrics, rollups and experiments (see {@link #countsInProductionMetrics}).
     */
    public enum Trigger { UPLOAD_EVENT, API, EVALUATION }

    /** False for evaluation traffic: it measures a prompt version against labels, it is not production load. */
    public boolean countsInProductionMetrics() {
        return trigger != Trigger.EVALUATION;
    }

    public ExtractionRecord {
        filledFields = filledFields == null ? List.of() : List.copyOf(filledFields);
        schemaFields = schemaFields == null ? List.of() : List.copyOf(schemaFields);
        entityCounts = entityCounts == null ? Map.of() : Map.copyOf(entityCounts);
    }

    public static ExtractionRecord queued(String extractionId, String documentId, String promptVersion,
                                          String modelId, Trigger trigger, Instant requestedAt) {
        return new ExtractionRecord(extractionId, documentId, ExtractionStatus.QUEUED, promptVersion, modelId,
                trigger, requestedAt, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, 0, null, 0, null, null, null);
    }

    /** This extraction, kept as long as its document ({@code until} null: until erased). */
    public ExtractionRecord expiringAt(Instant until) {
        return new ExtractionRecord(extractionId, documentId, status, promptVersion, modelId, trigger, requestedAt,
                completedAt, latencyMs, inputTokens, outputTokens, costUsd, schemaValid, fieldCompleteness,
                filledFields, schemaFields, entityCounts, stopReason, errorCategory, errorMessage, resultJson,
                experimentId, variant, attempts, sentAs, throttleRetries, firstThrottledAt, requestedBy, until);
    }

    /** This queued extraction as asked for by {@code owner} (an API caller's owner identity). */
    public ExtractionRecord byCaller(String owner) {
        return new ExtractionRecord(extractionId, documentId, status, promptVersion, modelId, trigger, requestedAt,
                completedAt, latencyMs, inputTokens, outputTokens, costUsd, schemaValid, fieldCompleteness,
                filledFields, schemaFields, entityCounts, stopReason, errorCategory, errorMessage, resultJson,
                experimentId, variant, attempts, sentAs, throttleRetries, firstThrottledAt, owner, expiresAt);
    }

    /** This queued extraction as one arm of an experiment. */
    public ExtractionRecord inExperiment(String newExperimentId, String newVariant) {
        return new ExtractionRecord(extractionId, documentId, status, promptVersion, modelId, trigger, requestedAt,
                completedAt, latencyMs, inputTokens, outputTokens, costUsd, schemaValid, fieldCompleteness,
                filledFields, schemaFields, entityCounts, stopReason, errorCategory, errorMessage, resultJson,
                newExperimentId, newVariant, attempts, sentAs, throttleRetries, firstThrottledAt, requestedBy, expiresAt);
    }

    public ExtractionRecord succeeded(Instant at, ModelOutcome outcome) {
        return new ExtractionRecord(extractionId, documentId, ExtractionStatus.SUCCEEDED, promptVersion, modelId,
                trigger, requestedAt, at, outcome.latencyMs(), outcome.inputTokens(), outcome.outputTokens(),
                outcome.costUsd(), outcome.schemaValid(), outcome.fieldCompleteness(), outcome.filledFields(),
                outcome.schemaFields(), outcome.entityCounts(), outcome.stopReason(), null, null,
                outcome.resultJson(), experimentId, variant, attempts, outcome.sentAs(), throttleRetries, firstThrottledAt,
                requestedBy, expiresAt);
    }

    public ExtractionRecord failed(Instant at, ErrorCategory category, String message, ModelOutcome partial) {
        return new ExtractionRecord(extractionId, documentId, ExtractionStatus.FAILED, promptVersion, modelId,
                trigger, requestedAt, at,
                partial == null ? null : partial.latencyMs(),
                partial == null ? null : partial.inputTokens(),
                partial == null ? null : partial.outputTokens(),
                partial == null ? null : partial.costUsd(),
                partial == null ? Boolean.FALSE : partial.schemaValid(),
                partial == null ? null : partial.fieldCompleteness(),
                partial == null ? null : partial.filledFields(),
                partial == null ? null : partial.schemaFields(),
                partial == null ? null : partial.entityCounts(),
                partial == null ? null : partial.stopReason(),
                category, message, null, experimentId, variant, attempts,
                partial == null ? null : partial.sentAs(), throttleRetries, firstThrottledAt, requestedBy, expiresAt);
    }

    /**
     * What a model call produced, measured, and how the document was sent to it ({@code sentAs}).
     */
    public record ModelOutcome(
            long latencyMs,
            long inputTokens,
            long outputTokens,
            double costUsd,
            boolean schemaValid,
            double fieldCompleteness,
            List<String> filledFields,
            List<String> schemaFields,
            Map<String, Integer> entityCounts,
            String stopReason,
            String resultJson,
            SentAs sentAs) {

        /** An outcome whose input form is not known (tests, benchmarks). */
        public ModelOutcome(long latencyMs, long inputTokens, long outputTokens, double costUsd, boolean schemaValid,
                            double fieldCompleteness, List<String> filledFields, List<String> schemaFields,
                            Map<String, Integer> entityCounts, String stopReason, String resultJson) {
            this(latencyMs, inputTokens, outputTokens, costUsd, schemaValid, fieldCompleteness, filledFields,
                    schemaFields, entityCounts, stopReason, resultJson, null);
        }
    }
}
