package io.medextract.handlers.metrics;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.stats.LatencySketch;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the metrics API reports about a set of finished extractions, in a form that merges: counts
 * and sums add up, the latency distribution is a mergeable sketch. An hourly rollup stores one per
 * (hour, prompt version, model); a summary merges as many as its window covers.
 */
public final class MetricsAggregate {

    private long count;
    private long successes;
    private final Map<String, Long> failuresByCategory = new TreeMap<>();
    private final LatencySketch latency;
    private long inputTokens;
    private long outputTokens;
    private double costUsd;
    private double completenessSum;
    private long completenessCount;
    private final Map<String, Long> filledByField = new TreeMap<>();
    private long withSchemaFields;

    private MetricsAggregate(LatencySketch latency) {
        this.latency = latency;
    }

    public static MetricsAggregate empty() {
        return new MetricsAggregate(LatencySketch.empty());
    }

    /** Restores a stored aggregate (see {@link RollupRepository}). */
    static MetricsAggregate restore(long count, long successes, Map<String, Long> failures, LatencySketch latency,
                                    long inputTokens, long outputTokens, double costUsd, double completenessSum,
                                    long completenessCount, Map<String, Long> filled, long withSchemaFields) {
        MetricsAggregate a = new MetricsAggregate(latency);
        a.count = count;
        a.successes = successes;
        a.failuresByCategory.putAll(failures);
        a.inputTokens = inputTokens;
        a.outputTokens = outputTokens;
        a.costUsd = costUsd;
        a.completenessSum = completenessSum;
        a.completenessCount = completenessCount;
        a.filledByField.putAll(filled);
        a.withSchemaFields = withSchemaFields;
        return a;
    }

    public void add(ExtractionRecord r) {
        if (!r.status().isFinal()) {
            return;
        }
        count++;
        if (r.status() == ExtractionStatus.SUCCEEDED) {
            successes++;
        } else if (r.errorCategory() != null) {
            failuresByCategory.merge(r.errorCategory().name(), 1L, Long::sum);
        }
        if (r.latencyMs() != null) {
            latency.add(r.latencyMs());
        }
        inputTokens += r.inputTokens() == null ? 0 : r.inputTokens();
        outputTokens += r.outputTokens() == null ? 0 : r.outputTokens();
        costUsd += r.costUsd() == null ? 0 : r.costUsd();
        if (r.fieldCompleteness() != null) {
            completenessSum += r.fieldCompleteness();
            completenessCount++;
        }
        if (!r.schemaFields().isEmpty()) {
            withSchemaFields++;
            for (String field : r.schemaFields()) {
                filledByField.merge(field, r.filledFields().contains(field) ? 1L : 0L, Long::sum);
            }
        }
    }

    public void merge(MetricsAggregate other) {
        count += other.count;
        successes += other.successes;
        other.failuresByCategory.forEach((k, v) -> failuresByCategory.merge(k, v, Long::sum));
        latency.merge(other.latency);
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        costUsd += other.costUsd;
        completenessSum += other.completenessSum;
        completenessCount += other.completenessCount;
        other.filledByField.forEach((k, v) -> filledByField.merge(k, v, Long::sum));
        withSchemaFields += other.withSchemaFields;
    }

    public long count() { return count; }
    public long successes() { return successes; }
    public Map<String, Long> failuresByCategory() { return Map.copyOf(failuresByCategory); }
    public LatencySketch latency() { return latency; }
    public long inputTokens() { return inputTokens; }
    public long outputTokens() { return outputTokens; }
    public double costUsd() { return costUsd; }
    public double completenessSum() { return completenessSum; }
    public long completenessCount() { return completenessCount; }
    public Map<String, Long> filledByField() { return Map.copyOf(filledByField); }
    public long withSchemaFields() { return withSchemaFields; }

    /** The JSON shape every metrics endpoint reports. */
    public Map<String, Object> describe() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("count", count);
        body.put("successes", successes);
        body.put("successRate", count == 0 ? null : (double) successes / count);
        body.put("failuresByCategory", failuresByCategory);
        Map<String, Object> lat = new java.util.LinkedHashMap<>();
        lat.put("p50", round(latency.quantile(0.50)));
        lat.put("p95", round(latency.quantile(0.95)));
        lat.put("p99", round(latency.quantile(0.99)));
        body.put("latencyMs", lat);
        body.put("inputTokens", inputTokens);
        body.put("outputTokens", outputTokens);
        body.put("totalCostUsd", Math.round(costUsd * 1e6) / 1e6);
        body.put("meanCostUsd", count == 0 ? null : Math.round(costUsd / count * 1e6) / 1e6);
        body.put("meanFieldCompleteness", completenessCount == 0 ? null : completenessSum / completenessCount);
        Map<String, Double> perField = new TreeMap<>();
        filledByField.forEach((field, filled) -> perField.put(field, withSchemaFields == 0 ? 0 : (double) filled / withSchemaFields));
        body.put("fieldCompleteness", perField);
        return body;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }
}
