package io.medextract.handlers.domain;

/**
 * Why an extraction FAILED. Retryable causes (throttling, 5xx) end here only when their retry budget is spent
 * ({@link #BEDROCK_THROTTLED}); until then they go back to the queue with a delay.
 */
public enum ErrorCategory {
    /** The account or role may not invoke the model: fix model access in the Bedrock console or IAM. */
    MODEL_ACCESS_DENIED,
    /** The model id or inference profile does not exist in this region. */
    MODEL_NOT_FOUND,
    /** Bedrock rejected the request (e.g. the document is too large or malformed for the model). */
    BEDROCK_VALIDATION,
    /** The stored object is not an accepted document (type mismatch, too large, unreadable). */
    INVALID_DOCUMENT,
    /** The object or its document item is gone. */
    DOCUMENT_MISSING,
    /** The model's answer was not JSON (also stop reasons malformed_model_output and malformed_tool_use). */
    MALFORMED_OUTPUT,
    /** The model's JSON broke the template's schema. */
    SCHEMA_VIOLATION,
    /** The model hit its token limit before finishing. */
    OUTPUT_TRUNCATED,
    /** Bedrock's content filter stopped the answer (stop reason content_filtered). */
    CONTENT_FILTERED,
    /** A Bedrock guardrail stopped the answer (stop reason guardrail_intervened). */
    GUARDRAIL_INTERVENED,
    /** The document and prompt do not fit the model's context window (stop reason model_context_window_exceeded). */
    CONTEXT_WINDOW_EXCEEDED,
    /** Bedrock kept throttling (or answering 5xx) for the whole retry budget (default about a day). */
    BEDROCK_THROTTLED,
    /** The queue gave up on the message (maxReceiveCount receives without a result): see the Operations section. */
    DEAD_LETTERED,
    /** S3 refused to read an object that exists (e.g. the KMS key policy or a bucket policy denies the role). */
    DOCUMENT_ACCESS_DENIED
}
