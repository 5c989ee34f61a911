package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.store.DocumentRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.medextract.contract.SharedDefaults;

/**
 * What evaluation runs say about two prompt versions, for experiments: accuracy per variant with the paired
 * comparison on every set where both have a completed run (same set version and model), and the promotion gate:
 * a candidate whose accuracy on the gate's set regresses beyond the threshold against the current version is
 * refused, with the reasons.
 *
 * <p>The gate cannot be gamed by anyone who may create evaluation sets: it reads exactly the set version the
 * construct pins ({@code promotionGateEvaluationSet("name@version")}), never "the newest version" (which any writer
 * could create with one easy document), and only runs with the stage's own model. A pinned version that differs from
 * the one that gated the last promotion must keep every document of it (by content digest), so re-pinning can add
 * documents but never drop the hard ones; the gate's record moves in the promotion's transaction.
 */
public final class EvaluationEvidence {

    /** The default largest accepted drop (absolute, 0..1) when a promote request names a set without a threshold. */
    public static final double DEFAULT_MAX_REGRESSION = SharedDefaults.PROMOTION_GATE_MAX_REGRESSION;

    private final EvaluationRunService runs;
    private final EvaluationStore store;
    private final RunScoring scoring;
    private final DocumentRepository documents;
    private final Optional<EvaluationSetId> gateSet;
    private final double gateMaxRegression;

    /**
     * @param gateSet           the construct's {@code promotionGateEvaluationSet}: every promotion is gated on it
     *                          (empty: only promotions that ask for a gate are gated)
     * @param gateMaxRegression the construct's {@code promotionGateMaxRegression}
     */
    public EvaluationEvidence(EvaluationRunService runs, EvaluationStore store, RunScoring scoring,
                              DocumentRepository documents, Optional<EvaluationSetId> gateSet, double gateMaxRegression) {
        this.runs = runs;
        this.store = store;
        this.scoring = scoring;
        this.documents = documents;
        this.gateSet = gateSet;
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
     * pass: the pinned gate always, and the one the request names ({@code requestedSet}, threshold
     * {@code requestedMax} or the default; it can only add a gate, never replace the pinned one). Returns what each
     * gate found, for the answer and the audit record.
     */
    public PromotionGate requirePromotable(String baseline, String candidate, Optional<EvaluationSetId> requestedSet,
                                           Optional<Double> requestedMax) {
        if (baseline.equals(candidate)) {
            return PromotionGate.none();
        }
        Map<EvaluationSetId, Double> gates = new LinkedHashMap<>();
        gateSet.ifPresent(s -> gates.put(s, gateMaxRegression));
        requestedSet.ifPresent(s -> gates.merge(s, requestedMax.orElse(DEFAULT_MAX_REGRESSION), Math::min));
        Optional<PromotionGate.SetMove> move = gateSet.flatMap(this::requireKeepsGatedDocuments);
        String model = runs.defaultModel();
        List<PromotionGate.Check> checks = new ArrayList<>();
        for (Map.Entry<EvaluationSetId, Double> gate : gates.entrySet()) {
            EvaluationSetId set = gate.getKey();
            store.findSet(set).orElseThrow(() -> ApiException.conflict("promotion gate: evaluation set " + set
                    + " does not exist"));
            EvaluationRunService.RunPair pair = runs.pairOn(set, baseline, candidate, model).orElseThrow(() ->
                    ApiException.conflict("promotion gate: evaluation set " + set + " has no completed runs of both "
                            + baseline + " (current) and " + candidate + " with the stage's model " + model
                            + "; run POST /api/evaluations {\"set\": \"" + set + "\", \"promptVersion\": ...} for each"
                            + " first"));
            RunScoring.GateDecision decision = scoring.gate(runs.scores(pair.baseline()), runs.scores(pair.candidate()),
                    gate.getValue());
            if (!decision.passes()) {
                throw ApiException.conflict("promotion gate on evaluation set " + set + " refuses " + candidate
                        + " against " + baseline + ": " + String.join("; ", decision.reasons()));
            }
            checks.add(new PromotionGate.Check(set, model, gateSet.map(set::equals).orElse(false), gate.getValue(),
                    pair.baseline(), pair.candidate(), decision.reasons()));
        }
        return new PromotionGate(checks, move);
    }

    /**
     * The pinned set version against the one that gated the last promotion: the same, nothing to do; the first gated
     * promotion, or a version that keeps every document of the last one, moves the gate's record (returned, written
     * with the promotion); an older version, or one that dropped documents, is refused.
     */
    private Optional<PromotionGate.SetMove> requireKeepsGatedDocuments(EvaluationSetId pinned) {
        Optional<EvaluationSetId> last = store.gatedSet();
        if (last.isPresent() && last.get().equals(pinned)) {
            return Optional.empty();
        }
        if (last.isPresent()) {
            EvaluationSetId previous = last.get();
            if (previous.name().equals(pinned.name()) && previous.version() > pinned.version()) {
                throw ApiException.conflict("promotion gate: promotionGateEvaluationSet pins " + pinned + ", older than "
                        + previous + ", which gated the last promotion; a gate's set may only move forward");
            }
            Map<String, String> kept = digests(pinned);
            Map<String, String> before = digests(previous);
            List<String> missing = before.entrySet().stream()
                    .filter(d -> !kept.containsValue(d.getValue())).map(Map.Entry::getKey).sorted().toList();
            if (!missing.isEmpty()) {
                // Document ids only: file names can name patients.
                throw ApiException.conflict("promotion gate: " + pinned + " does not keep every document of "
                        + previous + ", which gated the last promotion: " + missing.size() + " of its "
                        + before.size() + " documents are missing (" + String.join(", ",
                                missing.subList(0, Math.min(10, missing.size())))
                        + (missing.size() > 10 ? ", ..." : "") + "); a gate's set may add documents, never drop them");
            }
        }
        return Optional.of(new PromotionGate.SetMove(last, pinned));
    }

    /** Document id -> content digest of a set version's manifest. */
    private Map<String, String> digests(EvaluationSetId id) {
        EvaluationSet set = store.findSet(id).orElseThrow(() -> ApiException.conflict("promotion gate: evaluation set "
                + id + " does not exist"));
        Map<String, EvaluationDocument> docs = store.documents(id);
        Map<String, String> digests = new LinkedHashMap<>();
        for (String documentId : set.documentIds()) {
            EvaluationDocument doc = docs.get(documentId);
            String digest = doc != null && doc.sha256() != null ? doc.sha256()
                    : documents.find(documentId).map(DocumentRecord::sha256).orElse(documentId);
            digests.put(documentId, digest);
        }
        return digests;
    }
}
