package io.medextract.handlers.evaluation.runs;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment the construct sets for evaluations (experiments function only).
 *
 * @param gateSet            PROMOTION_GATE_SET: evaluation set every promotion is gated on (empty: none)
 * @param gateMaxRegression  PROMOTION_GATE_MAX_REGRESSION: largest accepted accuracy drop, 0..1 (default 0.02)
 * @param otherModels        EVALUATION_MODEL_IDS: comma-separated models a run may name besides BEDROCK_MODEL_ID
 */
public record EvaluationSettings(Optional<String> gateSet, double gateMaxRegression, Set<String> otherModels) {

    public static EvaluationSettings from(Map<String, String> env) {
        return new EvaluationSettings(
                Optional.ofNullable(env.get("PROMOTION_GATE_SET")).filter(s -> !s.isBlank()),
                Double.parseDouble(env.getOrDefault("PROMOTION_GATE_MAX_REGRESSION",
                        Double.toString(EvaluationEvidence.DEFAULT_MAX_REGRESSION))),
                Arrays.stream(env.getOrDefault("EVALUATION_MODEL_IDS", "").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }
}
