package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Checks a prompt template's {@code evaluation} member against its output schema when templates load, so a hint
 * naming a field the schema does not have fails at synth rather than when an evaluation runs. The hints stay
 * outside the schema: they are never sent to the model.
 */
public final class EvaluationHints {

    private EvaluationHints() {}

    /** Each hint that does not fit {@code outputSchema}, readable; empty when all fit (or there are none). */
    public static List<String> problems(JsonNode outputSchema, JsonNode evaluation) {
        return ScoringPlan.problems(outputSchema, evaluation);
    }
}
