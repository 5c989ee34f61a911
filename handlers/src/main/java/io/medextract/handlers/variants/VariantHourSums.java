package io.medextract.handlers.variants;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.stats.Moments;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The sufficient statistics of one variant of an experiment in one hour: count, sum and sum of squares of
 * every metric (successes for the success rate). The hourly job stores one per (experiment, hour, variant);
 * an analysis merges them, so its cost grows with hours, not with extractions.
 */
public record VariantHourSums(Instant hour, String variant, Map<PrimaryMetric, Moments> metrics) {

    public VariantHourSums {
        EnumMap<PrimaryMetric, Moments> copy = new EnumMap<>(PrimaryMetric.class);
        copy.putAll(metrics);
        metrics = java.util.Collections.unmodifiableMap(copy);
    }

    public Moments of(PrimaryMetric metric) {
        return metrics.getOrDefault(metric, Moments.EMPTY);
    }

    /** Groups finished extractions of one experiment by (hour completed, variant). */
    public static List<VariantHourSums> fromRecords(List<ExtractionRecord> records) {
        Map<List<Object>, EnumMap<PrimaryMetric, Moments>> groups = new LinkedHashMap<>();
        for (ExtractionRecord r : records) {
            if (!r.status().isFinal() || r.variant() == null || r.completedAt() == null) {
                continue;
            }
            EnumMap<PrimaryMetric, Moments> sums = groups.computeIfAbsent(
                    List.of(r.completedAt().truncatedTo(ChronoUnit.HOURS), r.variant()),
                    k -> new EnumMap<>(PrimaryMetric.class));
            for (PrimaryMetric metric : PrimaryMetric.values()) {
                OptionalDouble value = metric.valueOf(r);
                if (value.isPresent()) {
                    sums.merge(metric, Moments.EMPTY.plus(value.getAsDouble()), Moments::plus);
                }
            }
        }
        List<VariantHourSums> out = new ArrayList<>();
        groups.forEach((key, sums) -> out.add(new VariantHourSums((Instant) key.get(0), (String) key.get(1), sums)));
        return out;
    }
}
