package io.medextract.handlers.bedrock;

import io.medextract.handlers.domain.ErrorCategory;

/**
 * A Bedrock call that did not produce an answer. Retryable failures (throttling, 5xx, timeouts) send the
 * message back to the queue; the others end the extraction as FAILED with {@link #category()}.
 */
public final class BedrockCallFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient ErrorCategory category;

    private BedrockCallFailure(boolean retryable, ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.category = category;
    }

    public static BedrockCallFailure retryable(String message, Throwable cause) {
        return new BedrockCallFailure(true, null, message, cause);
    }

    public static BedrockCallFailure permanent(ErrorCategory category, String message, Throwable cause) {
        return new BedrockCallFailure(false, category, message, cause);
    }

    public boolean isRetryable() {
        return retryable;
    }

    public ErrorCategory category() {
        return category;
    }
}
