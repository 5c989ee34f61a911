package io.medextract.contract;

/**
 * The environment variables the construct sets on the functions and the handlers read: the one list both sides use.
 * Every function gets the common ones; the rest name the one function that gets them. A handler reading a variable
 * that is not here, or one the construct does not set on its function, fails {@code FunctionEnvironmentContractTest}.
 */
public final class EnvironmentVariables {

    // ---- every function ----

    /** The results table: documents, extractions, rollups, idempotency records, caller limits. */
    public static final String RESULTS_TABLE = "DYNAMODB_TABLE";
    /** The experiments table: experiments, prompt labels, evaluation sets and runs. */
    public static final String EXPERIMENTS_TABLE = "EXPERIMENTS_TABLE";
    /** The documents bucket. */
    public static final String DOCUMENT_BUCKET = "S3_BUCKET";
    /** The stage: {@code dev}, {@code staging} or {@code prod}. */
    public static final String STAGE = "ENVIRONMENT";
    /** The platform's name, a dimension of every custom metric (two platforms in one account never mix). */
    public static final String PLATFORM_NAME = "PLATFORM_NAME";
    /** The prompt label new extractions resolve ({@link SharedDefaults#PROMPT_LABEL} when unset). */
    public static final String PROMPT_LABEL = "PROMPT_LABEL";
    /** Optional JSON object label -> {@code name@version}: where labels point until a promotion moves them. */
    public static final String PROMPT_LABEL_VERSIONS = "PROMPT_LABEL_VERSIONS";
    /** Optional: where the layer with the user's prompt templates is mounted. */
    public static final String PROMPT_TEMPLATES_DIR = "PROMPT_TEMPLATES_DIR";
    /** Comma-separated browser origins the API answers with CORS headers. */
    public static final String CORS_ALLOWED_ORIGINS = "CORS_ALLOWED_ORIGINS";
    /** {@code OWNER_ONLY} or {@code SHARED}: who reads whose documents. */
    public static final String DOCUMENT_ACCESS = "DOCUMENT_ACCESS";
    /** Optional: whole days documents are kept (unset: until erased). */
    public static final String DOCUMENT_RETENTION_DAYS = "DOCUMENT_RETENTION_DAYS";
    /** Optional JSON price table replacing the shipped Bedrock prices. */
    public static final String BEDROCK_PRICES = "BEDROCK_PRICES";

    // ---- the extract function ----

    public static final String EXTRACTION_QUEUE_URL = "EXTRACTION_QUEUE_URL";
    public static final String EXTRACTION_DLQ_URL = "EXTRACTION_DLQ_URL";
    /** Records from this queue ARN are dead letters. */
    public static final String EXTRACTION_DLQ_ARN = "EXTRACTION_DLQ_ARN";
    /** Extract: where an evaluation extraction is re-queued; experiments: where runs queue their extractions. */
    public static final String EVALUATION_QUEUE_URL = "EVALUATION_QUEUE_URL";
    /** Records from this queue ARN belong to evaluation runs. */
    public static final String EVALUATION_QUEUE_ARN = "EVALUATION_QUEUE_ARN";
    /** {@code <count>/<seconds>} extractions one owner may request, or {@code none}. */
    public static final String CALLER_EXTRACTION_LIMIT = "CALLER_EXTRACTION_LIMIT";
    /** Minutes Bedrock may keep an extraction waiting before it fails as BEDROCK_THROTTLED. */
    public static final String THROTTLE_RETRY_BUDGET_MINUTES = "THROTTLE_RETRY_BUDGET_MINUTES";
    /** Extract and experiments: the stage's model id or inference profile. */
    public static final String BEDROCK_MODEL_ID = "BEDROCK_MODEL_ID";
    /** Optional comma-separated model ids replacing the table of models that get structured output. */
    public static final String STRUCTURED_OUTPUT_MODELS = "STRUCTURED_OUTPUT_MODELS";

    // ---- the experiments function ----

    /** The append-only audit table of label moves. */
    public static final String AUDIT_TABLE = "AUDIT_TABLE";
    /** {@code <count>/<seconds>} evaluation documents one owner may run, or {@code none}. */
    public static final String CALLER_EVALUATION_LIMIT = "CALLER_EVALUATION_LIMIT";
    /** Optional {@code name@version}: the evaluation set version every promotion is gated on. */
    public static final String PROMOTION_GATE_SET = "PROMOTION_GATE_SET";
    /** Largest accepted accuracy drop at the gate, 0..1 ({@link SharedDefaults#PROMOTION_GATE_MAX_REGRESSION}). */
    public static final String PROMOTION_GATE_MAX_REGRESSION = "PROMOTION_GATE_MAX_REGRESSION";
    /** Optional comma-separated further models evaluation runs may name. */
    public static final String EVALUATION_MODEL_IDS = "EVALUATION_MODEL_IDS";

    private EnvironmentVariables() {}
}
