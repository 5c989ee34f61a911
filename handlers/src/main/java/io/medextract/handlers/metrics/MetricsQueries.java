package io.medextract.handlers.metrics;

import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.FinalHourCache;
import io.medextract.handlers.store.RollupFinality;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics API. Each hour is its stored rollups plus the raw results completed after its watermark (see
 * {@link RolledHourReader}); final hours are served from this container's cache. A window therefore costs
 * O(hours) item reads plus a few minutes of raw results, however many extractions it covers. Windows are
 * aligned to whole UTC hours.
 */
public final class MetricsQueries {

    /**
     * 90 days (the longest window) of hourly rollups at about four (prompt version, model) pairs per hour;
     * a rollup holds a latency sketch of a few kilobytes at most, so the cache stays within tens of megabytes.
     */
    static final int DEFAULT_MAX_CACHED_ROLLUPS = 10_000;

    /**
     * The most DynamoDB queries one metrics request may make (each of up to 1 MB): one per month partition of
     * rollups (at most 5 in a 90-day window) plus one per hour read from raw results (the current hour and the
     * previous one while the rollup keeps up). The metrics function also runs the rollup under its reserved
     * concurrency, so a request may not hold an execution for thousands of queries.
     */
    public static final int MAX_QUERIES_PER_REQUEST = 48;

    private final RollupRepository rollups;
    private final ExtractionRepository extractions;
    private final Clock clock;
    private final FinalHourCache<Instant, List<RollupRepository.Rollup>> finalHours;

    public MetricsQueries(RollupRepository rollups, ExtractionRepository extractions, Clock clock) {
        this(rollups, extractions, clock, DEFAULT_MAX_CACHED_ROLLUPS);
    }

    /** As the public constructor, with the cache bounded to {@code maxCachedRollups} (tests). */
    MetricsQueries(RollupRepository rollups, ExtractionRepository extractions, Clock clock, int maxCachedRollups) {
        this.rollups = rollups;
        this.extractions = extractions;
        this.clock = clock;
        this.finalHours = new FinalHourCache<>(maxCachedRollups, List::size);
    }

    /** Rollups held by this container's cache of final hours (an empty hour counts as one). */
    public int cachedRollups() {
        return finalHours.size();
    }

    public Map<String, Object> summary(MetricsWindow window) {
        Map<String, Object> body = header(window);
        body.putAll(merge(collect(window), window.promptVersion()).describe());
        return body;
    }

    public Map<String, Object> versions(MetricsWindow window) {
        Map<String, MetricsAggregate> byVersion = new TreeMap<>();
        for (RollupRepository.Rollup r : matching(window)) {
            byVersion.computeIfAbsent(r.promptVersion(), v -> MetricsAggregate.empty()).merge(r.aggregate());
        }
        List<Map<String, Object>> versions = new ArrayList<>();
        byVersion.forEach((version, aggregate) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("promptVersion", version);
            v.putAll(aggregate.describe());
            versions.add(v);
        });
        Map<String, Object> body = header(window);
        body.put("versions", versions);
        return body;
    }

    public Map<String, Object> timeseries(MetricsWindow window) {
        Map<Instant, MetricsAggregate> byHour = new TreeMap<>();
        for (Instant h = window.firstHour(); h.isBefore(window.endHour()); h = h.plus(1, ChronoUnit.HOURS)) {
            byHour.put(h, MetricsAggregate.empty());
        }
        for (RollupRepository.Rollup r : matching(window)) {
            byHour.computeIfAbsent(r.hour(), h -> MetricsAggregate.empty()).merge(r.aggregate());
        }
        List<Map<String, Object>> points = new ArrayList<>();
        byHour.forEach((hour, a) -> {
            Map<String, Object> d = a.describe();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("hour", hour.toString());
            point.put("count", d.get("count"));
            point.put("successRate", d.get("successRate"));
            point.put("latencyMs", d.get("latencyMs"));
            point.put("totalCostUsd", d.get("totalCostUsd"));
            point.put("meanFieldCompleteness", d.get("meanFieldCompleteness"));
            points.add(point);
        });
        Map<String, Object> body = header(window);
        body.put("points", points);
        return body;
    }

    public Map<String, Object> cost(MetricsWindow window) {
        Map<String, Double> byModel = new TreeMap<>();
        Map<String, Double> byVersion = new TreeMap<>();
        MetricsAggregate total = MetricsAggregate.empty();
        for (RollupRepository.Rollup r : matching(window)) {
            byModel.merge(r.modelId(), r.aggregate().costUsd(), Double::sum);
            byVersion.merge(r.promptVersion(), r.aggregate().costUsd(), Double::sum);
            total.merge(r.aggregate());
        }
        Map<String, Object> body = header(window);
        Map<String, Object> d = total.describe();
        body.put("totalCostUsd", d.get("totalCostUsd"));
        body.put("meanCostUsd", d.get("meanCostUsd"));
        body.put("inputTokens", d.get("inputTokens"));
        body.put("outputTokens", d.get("outputTokens"));
        body.put("byModel", rounded(byModel));
        body.put("byPromptVersion", rounded(byVersion));
        return body;
    }

    /** The merge at the heart of every endpoint: O(number of rollups), independent of extraction count. */
    public static MetricsAggregate merge(List<RollupRepository.Rollup> rollups, Optional<String> promptVersion) {
        MetricsAggregate total = MetricsAggregate.empty();
        for (RollupRepository.Rollup r : rollups) {
            if (promptVersion.map(v -> v.equals(r.promptVersion())).orElse(true)) {
                total.merge(r.aggregate());
            }
        }
        return total;
    }

    /** The window's rollups, limited to its prompt version when one was asked for. */
    private List<RollupRepository.Rollup> matching(MetricsWindow window) {
        return collect(window).stream()
                .filter(r -> window.promptVersion().map(v -> v.equals(r.promptVersion())).orElse(true))
                .toList();
    }

    private List<RollupRepository.Rollup> collect(MetricsWindow window) {
        Instant end = window.endHour();
        Instant firstUncached = window.firstHour();
        while (firstUncached.isBefore(end) && finalHours.get(firstUncached).isPresent()) {
            firstUncached = firstUncached.plus(1, ChronoUnit.HOURS);
        }
        int partitionQueries = firstUncached.isBefore(end) ? RollupRepository.monthPartitions(firstUncached, end) : 0;
        Map<Instant, RollupRepository.StoredHour> stored = partitionQueries > 0
                ? rollups.hours(firstUncached, end) : Map.of();
        // An hour older than the rollup's reach with nothing stored had no extractions, so it is not read raw: a
        // window of unmarked hours would cost one query per hour.
        Instant unmarkedMeansEmptyBefore = RollupFinality.reachedFrom(clock.instant());
        Map<Instant, RollupRepository.StoredHour> toRead = new LinkedHashMap<>();
        for (Instant h = firstUncached; h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
            if (finalHours.get(h).isEmpty() && (stored.containsKey(h) || !h.isBefore(unmarkedMeansEmptyBefore))) {
                toRead.put(h, stored.getOrDefault(h, RollupRepository.StoredHour.nothing(h)));
            }
        }
        List<Instant> rawHours = toRead.values().stream().filter(RolledHourReader::readsRawResults)
                .map(RollupRepository.StoredHour::hour).toList();
        checkBudget(partitionQueries, rawHours);
        List<RollupRepository.Rollup> all = new ArrayList<>();
        for (Instant h = window.firstHour(); h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
            Optional<List<RollupRepository.Rollup>> cached = finalHours.get(h);
            if (cached.isPresent()) {
                all.addAll(cached.get());
                continue;
            }
            RollupRepository.StoredHour hour = toRead.get(h);
            if (hour == null) {
                continue;
            }
            List<RollupRepository.Rollup> rollupsOfHour = RolledHourReader.read(hour, extractions);
            if (hour.mark().map(RollupRepository.HourMark::finalHour).orElse(false)) {
                finalHours.put(h, List.copyOf(rollupsOfHour));
            }
            all.addAll(rollupsOfHour);
        }
        return all;
    }

    /**
     * Refuses, before the raw reads start, a request that would make more than {@link #MAX_QUERIES_PER_REQUEST}
     * queries. Normally a window costs its month partitions (at most 5 for 90 days) and one or two hours of raw
     * results; many more hours without a final rollup mean the rollup is behind.
     */
    private static void checkBudget(int partitionQueries, List<Instant> rawHours) {
        int needed = partitionQueries + rawHours.size();
        if (needed > MAX_QUERIES_PER_REQUEST) {
            throw ApiException.badRequest("this window needs " + needed + " DynamoDB queries, more than the "
                    + MAX_QUERIES_PER_REQUEST + " one metrics request may make: " + rawHours.size()
                    + " of its hours (" + rawHours.get(0) + " to " + rawHours.get(rawHours.size() - 1)
                    + ") are not rolled up yet and would each be read from raw results. Ask for a shorter window;"
                    + " if hours stay unrolled, the metrics rollup is failing (see its alarms)");
        }
    }

    private static Map<String, Object> header(MetricsWindow window) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.firstHour().toString());
        body.put("to", window.endHour().toString());
        window.promptVersion().ifPresent(v -> body.put("promptVersion", v));
        return body;
    }

    private static Map<String, Double> rounded(Map<String, Double> values) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, Math.round(v * 1e6) / 1e6));
        return out;
    }
}
