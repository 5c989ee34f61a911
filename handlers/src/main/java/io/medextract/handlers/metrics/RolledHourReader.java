package io.medextract.handlers.metrics;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hour's figures from what is stored for it: each (prompt version, model) rollup holds the hour's
 * extractions completed before its watermark, the mark says up to where the hour was rolled, and the raw
 * results completed after that (the tail) are added. Rollups written before watermarks existed hold their whole
 * hour. An hour never rolled is aggregated from its raw results.
 */
final class RolledHourReader {

    private RolledHourReader() {}

    /** True when the hour's figures need a query of raw results (the hour is not wholly covered by its rollups). */
    static boolean readsRawResults(RollupRepository.StoredHour stored) {
        return tailFrom(stored).isBefore(stored.hour().plus(1, ChronoUnit.HOURS));
    }

    /** Where the hour's raw tail starts: the oldest watermark its mark and rollups cover up to. */
    private static Instant tailFrom(RollupRepository.StoredHour stored) {
        Instant hourEnd = stored.hour().plus(1, ChronoUnit.HOURS);
        boolean legacyOnly = stored.mark().isEmpty() && !stored.rollups().isEmpty()
                && stored.rollups().stream().allMatch(r -> r.watermark() == null);
        Instant tailFrom = stored.mark().map(RollupRepository.HourMark::watermark)
                .orElse(legacyOnly ? hourEnd : stored.hour());
        for (RollupRepository.StoredRollup s : stored.rollups()) {
            Instant until = coveredUntil(s, hourEnd);
            if (until.isBefore(tailFrom)) {
                tailFrom = until; // rolled by an older run than the mark's: its tail starts earlier
            }
        }
        return tailFrom;
    }

    private static Instant coveredUntil(RollupRepository.StoredRollup s, Instant hourEnd) {
        return s.watermark() == null || s.watermark().isAfter(hourEnd) ? hourEnd : s.watermark();
    }

    static List<RollupRepository.Rollup> read(RollupRepository.StoredHour stored, ExtractionRepository extractions) {
        Instant hour = stored.hour();
        Instant hourEnd = hour.plus(1, ChronoUnit.HOURS);
        Instant tailFrom = tailFrom(stored);
        Map<List<String>, Instant> coveredUntil = new HashMap<>();
        Map<List<String>, MetricsAggregate> storedByKey = new LinkedHashMap<>();
        for (RollupRepository.StoredRollup s : stored.rollups()) {
            List<String> key = List.of(s.rollup().promptVersion(), s.rollup().modelId());
            coveredUntil.put(key, coveredUntil(s, hourEnd));
            storedByKey.put(key, s.rollup().aggregate());
        }
        Map<List<String>, MetricsAggregate> tail = Map.of();
        if (tailFrom.isBefore(hourEnd)) {
            List<ExtractionRecord> uncovered = new ArrayList<>();
            for (ExtractionRecord r : extractions.completedInSince(hour, tailFrom)) {
                Instant until = coveredUntil.get(List.of(String.valueOf(r.promptVersion()), String.valueOf(r.modelId())));
                if (until == null || !r.completedAt().isBefore(until)) {
                    uncovered.add(r);
                }
            }
            tail = HourlyRollup.aggregate(uncovered);
        }
        List<RollupRepository.Rollup> out = new ArrayList<>();
        for (Map.Entry<List<String>, MetricsAggregate> e : storedByKey.entrySet()) {
            MetricsAggregate rest = tail.get(e.getKey());
            MetricsAggregate aggregate = e.getValue();
            if (rest != null) {
                aggregate = MetricsAggregate.empty(); // the stored one may be cached: never change it
                aggregate.merge(e.getValue());
                aggregate.merge(rest);
            }
            out.add(new RollupRepository.Rollup(hour, e.getKey().get(0), e.getKey().get(1), aggregate));
        }
        tail.forEach((key, aggregate) -> {
            if (!storedByKey.containsKey(key)) {
                out.add(new RollupRepository.Rollup(hour, key.get(0), key.get(1), aggregate));
            }
        });
        return out;
    }
}
