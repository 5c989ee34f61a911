package io.medextract.handlers.quality;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.medextract.contract.EnvironmentVariables;
import io.medextract.contract.PlatformMetrics;

/**
 * CloudWatch Embedded Metric Format documents: printed as one log line, turned into custom metrics by
 * CloudWatch Logs with no API call. Dimensioned by prompt version, model and stage; carries only numbers
 * and identifiers.
 */
public final class EmbeddedMetrics {

    public static final String NAMESPACE = PlatformMetrics.NAMESPACE;
    /**
     * The platform's name (set by the construct as PLATFORM_NAME), added to every dimension set so that two
     * platforms in one account never share a metric, and so never fire each other's alarms. Absent: no such
     * dimension.
     */
    static final String PLATFORM = System.getenv(EnvironmentVariables.PLATFORM_NAME);

    /**
     * Dimension that sets evaluation extractions apart: their outcome counts are published under
     * {@code Traffic=EVALUATION} only, so production alarms, dashboards and sums never see them, while an alarm of
     * their own still does. One value, so it adds one metric stream per stage (and per error category).
     */
    public static final String TRAFFIC = PlatformMetrics.TRAFFIC;
    public static final String EVALUATION_TRAFFIC = PlatformMetrics.EVALUATION_TRAFFIC;

    private EmbeddedMetrics() {}

    /** The metrics of one finished extraction: in full for production traffic, outcome counts for evaluations. */
    public static Map<String, Object> finished(ExtractionRecord r, String stage, Instant now) {
        return r.countsInProductionMetrics() ? extraction(r, stage, now) : evaluationExtraction(r, stage, now);
    }

    /**
     * Succeeded/failed counts and the Bedrock cost of an evaluation extraction, by stage (and the counts by error
     * category), under {@code Traffic=EVALUATION}: no prompt version, model or latency (an evaluation run's quality is
     * reported as EvaluationAccuracy when it is scored), and no ids in dimensions. The cost is there because a run
     * spends like production does: the hourly spend alarm adds both.
     */
    static Map<String, Object> evaluationExtraction(ExtractionRecord r, String stage, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(TRAFFIC, EVALUATION_TRAFFIC);
        doc.put(PlatformMetrics.EXTRACTION_SUCCEEDED, r.status() == ExtractionStatus.SUCCEEDED ? 1 : 0);
        doc.put(PlatformMetrics.EXTRACTION_FAILED, r.status() == ExtractionStatus.FAILED ? 1 : 0);
        List<Map<String, String>> metrics = new java.util.ArrayList<>(
                List.of(metric(PlatformMetrics.EXTRACTION_SUCCEEDED, "Count"), metric(PlatformMetrics.EXTRACTION_FAILED, "Count")));
        addIfPresent(doc, metrics, PlatformMetrics.COST_USD, "None", r.costUsd());
        doc.put("extractionId", r.extractionId());
        List<List<String>> dimensions = new java.util.ArrayList<>(List.of(List.of(PlatformMetrics.STAGE, TRAFFIC)));
        if (r.errorCategory() != null) {
            doc.put(PlatformMetrics.ERROR_CATEGORY, r.errorCategory().name());
            dimensions.add(List.of(PlatformMetrics.STAGE, TRAFFIC, PlatformMetrics.ERROR_CATEGORY));
        }
        doc.put("_aws", Map.of(
                "Timestamp", now.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", withPlatform(doc, dimensions),
                        "Metrics", metrics))));
        return doc;
    }

    /**
     * One compensating write that failed ({@code MedExtract/CompensationFailed} by {@code Stage}): the undo of a
     * half-done change did not happen, so something is left half-changed; the operation is a property (searchable in
     * the log line), not a dimension, so one alarm watches every operation.
     */
    public static Map<String, Object> compensationFailed(String operation, String stage, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(PlatformMetrics.COMPENSATION_FAILED, 1);
        doc.put("operation", operation);
        doc.put("_aws", Map.of(
                "Timestamp", now.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", withPlatform(doc, List.of(List.of(PlatformMetrics.STAGE))),
                        "Metrics", List.of(metric(PlatformMetrics.COMPENSATION_FAILED, "Count"))))));
        return doc;
    }

    public static Map<String, Object> extraction(ExtractionRecord r, String stage, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, String>> metrics = new java.util.ArrayList<>();
        metrics.add(metric(PlatformMetrics.EXTRACTION_SUCCEEDED, "Count"));
        metrics.add(metric(PlatformMetrics.EXTRACTION_FAILED, "Count"));
        doc.put(PlatformMetrics.PROMPT_VERSION, r.promptVersion());
        doc.put(PlatformMetrics.MODEL_ID, r.modelId());
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(PlatformMetrics.EXTRACTION_SUCCEEDED, r.status() == ExtractionStatus.SUCCEEDED ? 1 : 0);
        doc.put(PlatformMetrics.EXTRACTION_FAILED, r.status() == ExtractionStatus.FAILED ? 1 : 0);
        addIfPresent(doc, metrics, PlatformMetrics.EXTRACTION_LATENCY, "Milliseconds", r.latencyMs());
        addIfPresent(doc, metrics, PlatformMetrics.INPUT_TOKENS, "Count", r.inputTokens());
        addIfPresent(doc, metrics, PlatformMetrics.OUTPUT_TOKENS, "Count", r.outputTokens());
        addIfPresent(doc, metrics, PlatformMetrics.COST_USD, "None", r.costUsd());
        addIfPresent(doc, metrics, PlatformMetrics.FIELD_COMPLETENESS, "None", r.fieldCompleteness());
        if (r.schemaValid() != null) {
            addIfPresent(doc, metrics, PlatformMetrics.SCHEMA_VALID, "Count", r.schemaValid() ? 1 : 0);
        }
        doc.put("extractionId", r.extractionId());
        List<List<String>> dimensions = new java.util.ArrayList<>(
                List.of(List.of(PlatformMetrics.PROMPT_VERSION, PlatformMetrics.MODEL_ID, PlatformMetrics.STAGE), List.of(PlatformMetrics.STAGE)));
        if (r.errorCategory() != null) {
            // Failures also by category, so e.g. MODEL_ACCESS_DENIED can raise its own alarm.
            doc.put(PlatformMetrics.ERROR_CATEGORY, r.errorCategory().name());
            dimensions.add(List.of(PlatformMetrics.STAGE, PlatformMetrics.ERROR_CATEGORY));
        }
        doc.put("_aws", Map.of(
                "Timestamp", now.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", withPlatform(doc, dimensions),
                        "Metrics", metrics))));
        return doc;
    }

    /**
     * Counted when the object under an uploaded document's key is replaced after the document was checked (a second
     * write through some other path than the write-once presigned URL): the construct alarms on any.
     */
    public static final String DOCUMENT_REPLACED = PlatformMetrics.DOCUMENT_REPLACED;

    /** One {@link #DOCUMENT_REPLACED} count, dimensioned by stage (and platform): no ids, no document data. */
    public static Map<String, Object> documentReplaced(String stage, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(DOCUMENT_REPLACED, 1);
        List<List<String>> dimensions = withPlatform(doc, List.of(List.of(PlatformMetrics.STAGE)));
        doc.put("_aws", Map.of(
                "Timestamp", now.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", dimensions,
                        "Metrics", List.of(metric(DOCUMENT_REPLACED, "Count"))))));
        return doc;
    }

    /** {@code dimensions} with the Platform dimension added to each set (and its value to {@code doc}), if set. */
    public static List<List<String>> withPlatform(Map<String, Object> doc, List<List<String>> dimensions) {
        return withPlatform(doc, dimensions, PLATFORM);
    }

    static List<List<String>> withPlatform(Map<String, Object> doc, List<List<String>> dimensions, String platform) {
        if (platform == null || platform.isBlank()) {
            return dimensions;
        }
        doc.put(PlatformMetrics.PLATFORM, platform);
        return dimensions.stream().map(set -> {
            List<String> extended = new java.util.ArrayList<>(set);
            extended.add(PlatformMetrics.PLATFORM);
            return List.copyOf(extended);
        }).toList();
    }

    private static void addIfPresent(Map<String, Object> doc, List<Map<String, String>> metrics, String name,
                                     String unit, Number value) {
        if (value != null) {
            doc.put(name, value);
            metrics.add(metric(name, unit));
        }
    }

    private static Map<String, String> metric(String name, String unit) {
        return Map.of("Name", name, "Unit", unit);
    }
}
