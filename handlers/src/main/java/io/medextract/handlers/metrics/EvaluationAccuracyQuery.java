package io.medextract.handlers.metrics;

import io.medextract.handlers.evaluation.runs.EvaluationStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/metrics/evaluations}: exact-document accuracy of completed evaluation runs over time, per prompt
 * version, from one history item per run (O(runs in the window)). Evaluation traffic appears only here, never in
 * the other metrics.
 */
public final class EvaluationAccuracyQuery {

    private final EvaluationStore store;

    public EvaluationAccuracyQuery(EvaluationStore store) {
        this.store = store;
    }

    public Map<String, Object> accuracy(MetricsWindow window) {
        Map<String, List<EvaluationStore.HistoryPoint>> byVersion = new TreeMap<>();
        for (EvaluationStore.HistoryPoint p : store.history(window.from(), window.to())) {
            if (window.promptVersion().map(v -> v.equals(p.promptVersion())).orElse(true)) {
                byVersion.computeIfAbsent(p.promptVersion(), v -> new ArrayList<>()).add(p);
            }
        }
        List<Map<String, Object>> versions = new ArrayList<>();
        byVersion.forEach((version, points) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("promptVersion", version);
            v.put("runs", points.size());
            v.put("meanAccuracy", points.stream().mapToDouble(EvaluationStore.HistoryPoint::accuracy).average().orElse(0));
            v.put("latestAccuracy", points.get(points.size() - 1).accuracy());
            List<Map<String, Object>> series = new ArrayList<>();
            for (EvaluationStore.HistoryPoint p : points) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("completedAt", p.completedAt().toString());
                point.put("set", p.set());
                point.put("modelId", p.modelId());
                point.put("runId", p.runId());
                point.put("exactDocumentAccuracy", p.accuracy());
                point.put("documents", p.documents());
                series.add(point);
            }
            v.put("points", series);
            versions.add(v);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.from().toString());
        body.put("to", window.to().toString());
        window.promptVersion().ifPresent(v -> body.put("promptVersion", v));
        body.put("versions", versions);
        return body;
    }
}
