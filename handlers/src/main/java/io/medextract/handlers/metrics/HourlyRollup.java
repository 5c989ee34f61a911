package io.medextract.handlers.metrics;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.experiments.ExperimentSumsRepository;
import io.medextract.handlers.experiments.VariantHourSums;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolls one hour's finished extractions into one aggregate per (prompt version, model), and the experiments'
 * among them into one sums item per (experiment, variant). Idempotent: a
 * re-run recomputes the hour from the raw results and overwrites its items, so running it again (or
 * later, after late results arrived) gives the right rollup.
 */
public final class HourlyRollup {

    /** Hours re-rolled on each scheduled run: the last complete hour and the one before (late writes). */
    public static final int HOURS_PER_RUN = 2;

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

    /** The scheduled run at {@code now}: rolls the previous complete hours. */
    public Map<String, Object> runAt(Instant now) {
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        List<String> rolled = new ArrayList<>();
        long extractionCount = 0;
        for (int back = HOURS_PER_RUN; back >= 1; back--) {
            Instant hour = currentHour.minus(back, ChronoUnit.HOURS);
            extractionCount += roll(hour).stream().mapToLong(r -> r.aggregate().count()).sum();
            rolled.add(hour.toString());
        }
        log.info("hourly rollup done", Map.of("hours", rolled, "extractions", extractionCount));
        return Map.of("rolledHours", rolled, "extractions", extractionCount);
    }

    public List<RollupRepository.Rollup> roll(Instant hour) {
        List<ExtractionRecord> finished = extractions.completedIn(hour);
        rollExperiments(finished);
        List<RollupRepository.Rollup> result = new ArrayList<>();
        aggregate(finished).forEach((key, aggregate) ->
                result.add(new RollupRepository.Rollup(hour, key.get(0), key.get(1), aggregate)));
        for (RollupRepository.Rollup r : result) {
            rollups.put(r);
        }
        rollups.deleteHour(hour, result);
        return result;
    }

    /** One sums item per (experiment, hour, variant): what experiment results are computed from. */
    private void rollExperiments(List<ExtractionRecord> finished) {
        Map<String, List<ExtractionRecord>> byExperiment = new LinkedHashMap<>();
        for (ExtractionRecord r : finished) {
            if (r.experimentId() != null) {
                byExperiment.computeIfAbsent(r.experimentId(), k -> new ArrayList<>()).add(r);
            }
        }
        byExperiment.forEach((id, records) ->
                VariantHourSums.fromRecords(records).forEach(sums -> experimentSums.put(id, sums)));
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
