package io.medextract.handlers.evaluation.runs;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import io.medextract.contract.EnvironmentVariables;

/**
 * The environment the construct sets for evaluations and promotions (experiments function only).
 *
 * @param gateSet            PROMOTION_GATE_SET: the evaluation set version ({@code name@version}) every promotion
 *                           is gated on (empty: none)
 * @param gateMaxRegression  PROMOTION_GATE_MAX_REGRESSION: largest accepted accuracy drop, 0..1 (default 0.02)
 * @param otherModels        EVALUATION_MODEL_IDS: comma-separated models a run may name besides BEDROCK_MODEL_ID
 * @param evaluationQueueUrl EVALUATION_QUEUE_URL: where runs queue their extractions (the evaluation queue, never the
 *                           production one)
 * @param auditTable         AUDIT_TABLE: the append-only table label moves are recorded in
 */
public record EvaluationSettings(Optional<EvaluationSetId> gateSet, double gateMaxRegression, Set<String> otherModels,
                                 String evaluationQueueUrl, String auditTable) {

    public static EvaluationSettings from(Map<String, String> env) {
        return new EvaluationSettings(
                Optional.ofNullable(env.get(EnvironmentVariables.PROMOTION_GATE_SET)).filter(s -> !s.isBlank())
                        .map(EvaluationSettings::pinnedSet),
                Double.parseDouble(env.getOrDefault(EnvironmentVariables.PROMOTION_GATE_MAX_REGRESSION,
                        Double.toString(EvaluationEvidence.DEFAULT_MAX_REGRESSION))),
                Arrays.stream(env.getOrDefault(EnvironmentVariables.EVALUATION_MODEL_IDS, "").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                env.getOrDefault(EnvironmentVariables.EVALUATION_QUEUE_URL, ""),
                env.getOrDefault(EnvironmentVariables.AUDIT_TABLE, ""));
    }

    /** The construct checks the form at synth; a function started with anything else must not gate on a guess. */
    private static EvaluationSetId pinnedSet(String value) {
        try {
            return EvaluationSetId.parse(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalStateException("PROMOTION_GATE_SET must name a set version (name@version), got '"
                    + value + "'");
        }
    }
}
