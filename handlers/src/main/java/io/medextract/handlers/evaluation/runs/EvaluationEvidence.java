package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What evaluation runs say about two prompt versions, for experiments: accuracy per variant with the paired
 * comparison on every set where both have a completed run (same set version and model), and the promotion gate:
 * a candidate whose accuracy on the gate's set regresses beyond the threshold against the current version is
 * refused, with the reasons.
 *
 * @param gateSet          the construct's {@code promotionGateEvaluationSet}: every promotion is gated on it
 *                         (empty: only promotions that ask for a gate are gated)
 * @param gateMaxRegression the construct's {@code promotionGateMaxRegression}
 */
public final class EvaluationEvidence {

    /** The default largest accepted drop (absolute, 0..1) when a promote request names a set without a threshold. */
    public static final double DEFAULT_MAX_REGRESSION = 0.02;

    private final EvaluationRunService runs;
    private final EvaluationStore store;
    private final RunScoring scoring;
    private final Optional<String> gateSet;
    private final double gateMaxRegression;

    public EvaluationEvidence(EvaluationRunService runs, EvaluationStore store, RunScoring scoring,
                              Optional<String> gateSet, double gateMaxRegression) {
        this.runs = runs;
        this.store = store;
        this.scoring = scoring;
        this.gateSet = gateSet.filter(s -> !s.isBlank());
        this.gateMaxRegression = gateMaxRegression;
    }

    /** For an experiment's results: per set with runs of both, each variant's accuracy and the paired comparison. */
    public List<Map<String, Object>> compare(String controlName, String controlVersion, Map<String, String> treatments) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (String setName : store.setNames()) {
            // One look per set for all treatments: only the newest runs of the versions compared are read.
            Map<String, EvaluationRunService.RunPair> pairs = runs.newestPairs(setName, controlVersion, treatments.values());
            treatments.forEach((variant, version) -> Optional.ofNullable(pairs.get(version)).ifPresent(pair -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("set", pair.baseline().set().toString());
                entry.put("modelId", pair.baseline().modelId());
                entry.put("variants", List.of(
                        variantEntry(controlName, pair.baseline()), variantEntry(variant, pair.candidate())));
                entry.put("comparison", scoring.compare(runs.scores(pair.baseline()), runs.scores(pair.candidate()))
                        .describe());
                found.add(entry);
            }));
        }
        return found;
    }

    private static Map<String, Object> variantEntry(String name, EvaluationRun run) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("variant", name);
        v.put("promptVersion", run.promptVersion());
        v.put("runId", run.runId());
        v.put("exactDocumentAccuracy", run.accuracy());
        return v;
    }

    /**
     * Refuses (409, with the reasons) a promotion from {@code baseline} to {@code candidate} that a gate does not
     * pass: the configured gate always, and the one the request names ({@code requestedSet}, threshold
     * {@code requestedMax} or the default). Returns what each gate found, for the audit log.
     */
    public List<String> requirePromotable(String baseline, String candidate, Optional<String> requestedSet,
                                          Optional<Double> requestedMax) {
        Map<String, Double> gates = new LinkedHashMap<>();
        gateSet.ifPresent(s -> gates.put(s, gateMaxRegression));
        requestedSet.ifPresent(s -> gates.merge(s, requestedMax.orElse(DEFAULT_MAX_REGRESSION), Math::min));
        List<String> evidence = new ArrayList<>();
        if (baseline.equals(candidate)) {
            return evidence;
        }
        for (Map.Entry<String, Double> gate : gates.entrySet()) {
            String set = gate.getKey();
            EvaluationRunService.RunPair pair = runs.newestPair(set, baseline, candidate).orElseThrow(() ->
                    ApiException.conflict("promotion gate: evaluation set '" + set + "' has no completed runs of both "
                            + baseline + " (current) and " + candidate + " on the same set version and model;"
                            + " run POST /api/evaluations for each first"));
            RunScoring.GateDecision decision = scoring.gate(runs.scores(pair.baseline()), runs.scores(pair.candidate()),
                    gate.getValue());
            if (!decision.passes()) {
                throw ApiException.conflict("promotion gate on evaluation set " + pair.baseline().set() + " refuses "
                        + candidate + " against " + baseline + ": " + String.join("; ", decision.reasons()));
            }
            evidence.add(pair.baseline().set() + ": " + String.join("; ", decision.reasons()));
        }
        return evidence;
    }
}
