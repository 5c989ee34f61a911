package io.medextract.handlers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ErrorCategory;
import org.junit.jupiter.api.Test;

class StopReasonsTest {

    @Test
    void filterGuardrailAndContextStopsHaveTheirOwnCategories() {
        assertThat(StopReasons.failureOf("content_filtered")).contains(ErrorCategory.CONTENT_FILTERED);
        assertThat(StopReasons.failureOf("guardrail_intervened")).contains(ErrorCategory.GUARDRAIL_INTERVENED);
        assertThat(StopReasons.failureOf("model_context_window_exceeded"))
                .contains(ErrorCategory.CONTEXT_WINDOW_EXCEEDED);
        assertThat(StopReasons.failureOf("malformed_model_output")).contains(ErrorCategory.MALFORMED_OUTPUT);
        assertThat(StopReasons.failureOf("malformed_tool_use")).contains(ErrorCategory.MALFORMED_OUTPUT);
    }

    @Test
    void ordinaryStopsLeaveTheDecisionToTheAnswer() {
        for (String reason : new String[] {"end_turn", "tool_use", "max_tokens", "stop_sequence", null}) {
            assertThat(StopReasons.failureOf(reason)).as(String.valueOf(reason)).isEmpty();
        }
    }
}
