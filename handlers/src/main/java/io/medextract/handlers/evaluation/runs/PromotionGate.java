package io.medextract.handlers.evaluation.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the promotion gate found for one promotion: one check per gated set version (the construct's pinned set, and
 * any set the promote request names), and, when the pinned set version differs from the one that gated the last
 * promotion, the move of the gate's record to it (written in the promotion's own transaction, so it moves only
 * with a promotion that passed).
 */
public record PromotionGate(List<Check> checks, Optional<SetMove> setMove) {

    public PromotionGate {
        checks = List.copyOf(checks);
    }

    /** No gate applied (none configured or asked for, or the label already points at the candidate). */
    public static PromotionGate none() {
        return new PromotionGate(List.of(), Optional.empty());
    }

    /**
     * One set version's verdict: the runs compared (same set version, same model: the stage's own) and the reasons.
     *
     * @param pinned true for the construct's {@code promotionGateEvaluationSet}, false for a set the request named
     */
    public record Check(EvaluationSetId set, String modelId, boolean pinned, double maxRegression,
                        EvaluationRun baseline, EvaluationRun candidate, List<String> reasons) {

        public Check {
            reasons = List.copyOf(reasons);
        }

        public Map<String, Object> describe() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("set", set.toString());
            body.put("pinned", pinned);
            body.put("modelId", modelId);
            body.put("maxRegression", maxRegression);
            body.put("baseline", Map.of("promptVersion", baseline.promptVersion(), "runId", baseline.runId()));
            body.put("candidate", Map.of("promptVersion", candidate.promptVersion(), "runId", candidate.runId()));
            body.put("reasons", reasons);
            return body;
        }
    }

    /** The pinned set version gating from now on, and the one it replaces (empty for the first gated promotion). */
    public record SetMove(Optional<EvaluationSetId> from, EvaluationSetId to) {}

    /** The set versions the gate used, e.g. {@code discharge-summaries@3}: for the answer and the audit record. */
    public List<String> sets() {
        return checks.stream().map(c -> c.set().toString()).toList();
    }

    public List<Map<String, Object>> describe() {
        return checks.stream().map(Check::describe).toList();
    }
}
