package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.quality.EmbeddedMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.medextract.contract.PlatformMetrics;

/**
 * The Embedded Metric Format line a completed run prints once: {@code MedExtract/EvaluationAccuracy}
 * (exact-document accuracy, 0..1) by (EvaluationSet, PromptVersion, Stage), which the dashboard graphs per prompt
 * version. Evaluation extractions print no extraction metrics, so production metrics never see them.
 */
public final class EvaluationMetrics {

    public static final String ACCURACY = PlatformMetrics.EVALUATION_ACCURACY;

    private EvaluationMetrics() {}

    public static Map<String, Object> completed(EvaluationRun run, String stage, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(PlatformMetrics.EVALUATION_SET, run.set().name());
        doc.put(PlatformMetrics.PROMPT_VERSION, run.promptVersion());
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(ACCURACY, run.accuracy());
        doc.put("runId", run.runId());
        List<List<String>> dimensions = EmbeddedMetrics.withPlatform(doc,
                List.of(List.of(PlatformMetrics.EVALUATION_SET, PlatformMetrics.PROMPT_VERSION, PlatformMetrics.STAGE)));
        doc.put("_aws", Map.of(
                "Timestamp", now.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", EmbeddedMetrics.NAMESPACE,
                        "Dimensions", dimensions,
                        "Metrics", List.of(Map.of("Name", ACCURACY, "Unit", "None"))))));
        return doc;
    }
}
