package io.medextract.handlers.bedrock;

import io.medextract.handlers.domain.ErrorCategory;
import java.util.Map;
import java.util.Optional;

/**
 * Converse stop reasons that end an extraction whatever the answer holds. Values from
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html (stopReason):
 * end_turn, tool_use, max_tokens and stop_sequence leave the decision to the answer itself.
 */
public final class StopReasons {

    private static final Map<String, ErrorCategory> FAILURES = Map.of(
            "content_filtered", ErrorCategory.CONTENT_FILTERED,
            "guardrail_intervened", ErrorCategory.GUARDRAIL_INTERVENED,
            "malformed_model_output", ErrorCategory.MALFORMED_OUTPUT,
            "malformed_tool_use", ErrorCategory.MALFORMED_OUTPUT,
            "model_context_window_exceeded", ErrorCategory.CONTEXT_WINDOW_EXCEEDED);

    private StopReasons() {}

    /** The failure {@code stopReason} means, or empty when the answer decides. */
    public static Optional<ErrorCategory> failureOf(String stopReason) {
        return Optional.ofNullable(stopReason == null ? null : FAILURES.get(stopReason));
    }
}
