package io.medextract.handlers.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Final hours' rollups, kept by a warm container: a final hour is never rolled again, so its rollups never
 * change and a request reads from DynamoDB only the hours after the first one not held here. Bounded by the
 * number of rollups held ({@link #DEFAULT_MAX_ROLLUPS}; an empty hour counts as one): past the bound the least
 * recently read hours go first. The rollups' aggregates are shared, so callers merge them into new aggregates
 * and never change them.
 */
final class FinalHourCache {

    /**
     * 90 days (the longest window) of hourly rollups at about four (prompt version, model) pairs per hour;
     * a rollup holds a latency sketch of a few kilobytes at most, so the cache stays within tens of megabytes.
     */
    static final int DEFAULT_MAX_ROLLUPS = 10_000;

    private final int maxRollups;
    private final LinkedHashMap<Instant, List<RollupRepository.Rollup>> hours = new LinkedHashMap<>(64, 0.75f, true);
    private int held;

    FinalHourCache(int maxRollups) {
        if (maxRollups < 1) {
            throw new IllegalArgumentException("maxRollups must be at least 1");
        }
        this.maxRollups = maxRollups;
    }

    synchronized Optional<List<RollupRepository.Rollup>> get(Instant hour) {
        return Optional.ofNullable(hours.get(hour));
    }

    synchronized void put(Instant hour, List<RollupRepository.Rollup> rollups) {
        List<RollupRepository.Rollup> previous = hours.put(hour, List.copyOf(rollups));
        if (previous != null) {
            held -= weight(previous);
        }
        held += weight(rollups);
        var eldest = hours.entrySet().iterator();
        while (held > maxRollups && eldest.hasNext()) {
            Map.Entry<Instant, List<RollupRepository.Rollup>> e = eldest.next();
            held -= weight(e.getValue());
            eldest.remove();
        }
    }

    /** Rollups held, an empty hour counting as one. */
    synchronized int size() {
        return held;
    }

    synchronized int hours() {
        return hours.size();
    }

    private static int weight(List<RollupRepository.Rollup> rollups) {
        return Math.max(1, rollups.size());
    }
}
