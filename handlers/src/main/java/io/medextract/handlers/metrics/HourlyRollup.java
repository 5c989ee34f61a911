package io.medextract.handlers.metrics;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.RollupFinality;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rolls finished extractions into one aggregate per (hour, prompt version, model), and the experiments' among
 * them into one sums item per (experiment, hour, variant). The scheduled run (every minute by default) rolls the
 * current hour up to a watermark a settle margin behind its time and re-rolls earlier hours until they are out
 * of the late-write window, then marks them final. Every roll recomputes from the raw results and overwrites,
 * so a re-run or a retried event never counts anything twice; readers add the raw results at or after the
 * watermark, so metrics are exact whether or not (and however late) the schedule ran.
 */
public final class HourlyRollup {

    /**
     * How far behind its scheduled time a run's watermark lies. Reads of the byCompletedHour index are
     * eventually consistent: a finished extraction shows up there "within a fraction of a second, under normal
     * conditions" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes, and
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html: all GSI
     * reads are eventually consistent). One minute is two orders of magnitude above that and above the
     * milliseconds between a worker stamping {@code completedAt} and its write; it costs readers at most one
     * minute more of raw tail.
     */
    public static final Duration SETTLE_MARGIN = Duration.ofMinutes(1);

    /** See {@link RollupFinality#LATE_WRITE_WINDOW}: an hour rolled this far past its end is final. */
    public static final Duration LATE_WRITE_WINDOW = RollupFinality.LATE_WRITE_WINDOW;

    private final ExtractionRepository extractions;
    private final RollupRepository rollups;
    private final ExperimentSumsRepository experimentSums;
    private final StructuredLog log;

    public HourlyRollup(ExtractionRepository extractions, RollupRepository rollups,
                        ExperimentSumsRepository experimentSums, StructuredLog log) {
        this.extractions = extractions;
        this.rollups = rollups;
        this.experimentSums = experimentSums;
        this.log = log;
    }

    /** The watermark of a run scheduled at {@code now} (millisecond precision, as {@code completedAt} is stored). */
    public static Instant watermarkAt(Instant now) {
        return now.minus(SETTLE_MARGIN).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The scheduled run at {@code now}: rolls the hours that are not final yet up to its watermark. */
    public Map<String, Object> runAt(Instant now) {
        Instant watermark = watermarkAt(now);
        Instant newest = watermark.truncatedTo(ChronoUnit.HOURS);
        Instant oldest = newest.minus(RollupFinality.HOURS_LOOKED_BACK, ChronoUnit.HOURS);
        Map<Instant, RollupRepository.StoredHour> stored = rollups.hours(oldest, newest.plus(1, ChronoUnit.HOURS));
        List<String> rolled = new ArrayList<>();
        List<String> finalHours = new ArrayList<>();
        Set<String> experiments = new LinkedHashSet<>();
        long extractionCount = 0;
        for (Instant hour = oldest; !hour.isAfter(newest); hour = hour.plus(1, ChronoUnit.HOURS)) {
            Optional<RollupRepository.HourMark> mark = Optional.ofNullable(stored.get(hour)).flatMap(h -> h.mark());
            if (mark.isPresent() && (mark.get().finalHour() || !mark.get().watermark().isBefore(watermark))) {
                continue; // final, or already rolled this far (a retried event)
            }
            RolledHour r = rollHour(hour, watermark);
            extractionCount += r.extractions().size();
            r.extractions().forEach(e -> {
                if (e.experimentId() != null) {
                    experiments.add(e.experimentId());
                }
            });
            rolled.add(hour.toString());
            if (r.mark().finalHour()) {
                finalHours.add(hour.toString());
            }
        }
        experiments.forEach(id -> rollExperiment(id, watermark));
        log.info("rollup done", Map.of("hours", rolled, "final", finalHours, "watermark", watermark.toString(),
                "extractions", extractionCount, "experiments", experiments.size()));
        return Map.of("rolledHours", rolled, "finalHours", finalHours, "watermark", watermark.toString(),
                "extractions", extractionCount);
    }

    /** Rolls a closed hour completely and marks it final (tests, backfills, a manual re-run). */
    public List<RollupRepository.Rollup> roll(Instant hour) {
        Instant end = hour.plus(1, ChronoUnit.HOURS);
        RolledHour r = rollHour(hour, end.plus(LATE_WRITE_WINDOW));
        r.extractions().stream().map(ExtractionRecord::experimentId).filter(id -> id != null).distinct()
                .forEach(id -> rollExperiment(id, end));
        return r.rollups();
    }

    private record RolledHour(List<RollupRepository.Rollup> rollups, List<ExtractionRecord> extractions,
                              RollupRepository.HourMark mark) {}

    /** The hour's extractions completed before {@code watermark}: rollups written first, then the mark. */
    private RolledHour rollHour(Instant hour, Instant watermark) {
        List<ExtractionRecord> finished = extractions.completedIn(hour).stream()
                .filter(r -> r.completedAt() != null && r.completedAt().isBefore(watermark)).toList();
        List<RollupRepository.Rollup> result = new ArrayList<>();
        aggregate(finished).forEach((key, aggregate) ->
                result.add(new RollupRepository.Rollup(hour, key.get(0), key.get(1), aggregate)));
        for (RollupRepository.Rollup r : result) {
            rollups.put(r, watermark);
        }
        rollups.deleteHour(hour, result);
        RollupRepository.HourMark mark = new RollupRepository.HourMark(hour, watermark,
                RollupFinality.isFinal(hour, watermark));
        rollups.putMark(mark);
        return new RolledHour(result, finished, mark);
    }

    /**
     * Recomputes one experiment's sums of every hour its mark left not final (from its start the first time) up
     * to {@code watermark}, then moves its mark there: the roll that takes the mark past an hour's end plus the
     * late-write window rewrites that hour a last time, as {@link #rollHour} does, and no later roll touches it,
     * so readers may cache it. A run no later than the mark (a retried or late event) changes nothing.
     */
    private void rollExperiment(String experimentId, Instant watermark) {
        Optional<Instant> previous = experimentSums.watermark(experimentId);
        if (previous.isPresent() && !previous.get().isBefore(watermark)) {
            return;
        }
        Instant from = previous.map(RollupFinality::firstNotFinal).orElse(Instant.EPOCH);
        List<ExtractionRecord> records = extractions.forExperimentSince(experimentId, from).stream()
                .filter(r -> r.completedAt() != null && r.completedAt().isBefore(watermark)).toList();
        VariantHourSums.fromRecords(records).forEach(sums -> experimentSums.put(experimentId, sums, watermark));
        experimentSums.putWatermark(experimentId, watermark);
    }

    /** Groups finished extractions by (prompt version, model). */
    static Map<List<String>, MetricsAggregate> aggregate(List<ExtractionRecord> records) {
        Map<List<String>, MetricsAggregate> groups = new LinkedHashMap<>();
        for (ExtractionRecord r : records) {
            if (r.status().isFinal() && r.countsInProductionMetrics()) {
                groups.computeIfAbsent(List.of(r.promptVersion(), r.modelId()), k -> MetricsAggregate.empty()).add(r);
            }
        }
        return groups;
    }
}
