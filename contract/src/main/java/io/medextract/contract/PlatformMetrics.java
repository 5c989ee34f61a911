package io.medextract.contract;

/**
 * The custom CloudWatch metrics the handlers publish (Embedded Metric Format) and the construct alarms on, with
 * their namespace and dimension names.
 */
public final class PlatformMetrics {

    public static final String NAMESPACE = "MedExtract";

    // ---- metrics ----

    public static final String EXTRACTION_SUCCEEDED = "ExtractionSucceeded";
    public static final String EXTRACTION_FAILED = "ExtractionFailed";
    public static final String EXTRACTION_LATENCY = "ExtractionLatency";
    public static final String INPUT_TOKENS = "InputTokens";
    public static final String OUTPUT_TOKENS = "OutputTokens";
    public static final String COST_USD = "CostUsd";
    public static final String FIELD_COMPLETENESS = "FieldCompleteness";
    public static final String SCHEMA_VALID = "SchemaValid";
    /** A dead-lettered extraction message, settled by the dead-letter consumer. */
    public static final String DEAD_LETTERED = "DeadLettered";
    /** A compensating write (the undo of a half-done change) that failed. */
    public static final String COMPENSATION_FAILED = "CompensationFailed";
    /** An uploaded document's object replaced after it was checked. */
    public static final String DOCUMENT_REPLACED = "DocumentReplaced";
    /** A scored evaluation run's exact-document accuracy. */
    public static final String EVALUATION_ACCURACY = "EvaluationAccuracy";

    // ---- dimensions ----

    public static final String PLATFORM = "Platform";
    public static final String STAGE = "Stage";
    public static final String PROMPT_VERSION = "PromptVersion";
    public static final String MODEL_ID = "ModelId";
    public static final String ERROR_CATEGORY = "ErrorCategory";
    public static final String EVALUATION_SET = "EvaluationSet";
    /** Sets evaluation extractions apart from production traffic; its one value is {@link #EVALUATION_TRAFFIC}. */
    public static final String TRAFFIC = "Traffic";
    public static final String EVALUATION_TRAFFIC = "EVALUATION";

    private PlatformMetrics() {}
}
