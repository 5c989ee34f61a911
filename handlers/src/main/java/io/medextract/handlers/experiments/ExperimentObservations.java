package io.medextract.handlers.experiments;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hourly sufficient statistics of one experiment up to now: the stored sums (one query), plus the
 * experiment's raw extractions completed at or after the rollup's watermark (one query on the byExperiment
 * index, a few minutes of traffic when the schedule runs). An extraction is counted from the raw tail only
 * when no stored sums of its (hour, variant) hold it: none exist, or they were rolled up to a watermark at or
 * before its completion. Never rolled (a fresh deployment, a test): everything comes from the raw results.
 */
public final class ExperimentObservations {

    private final ExperimentSumsRepository sums;
    private final ExtractionRepository extractions;

    public ExperimentObservations(ExperimentSumsRepository sums, ExtractionRepository extractions) {
        this.sums = sums;
        this.extractions = extractions;
    }

    public List<VariantHourSums> forExperiment(String experimentId) {
        ExperimentSumsRepository.Stored stored = sums.stored(experimentId);
        Instant tailFrom = stored.watermark().orElse(Instant.EPOCH);
        // Sums of an (hour, variant) hold what completed before their own watermark (null: the whole hour).
        Map<List<Object>, Instant> coveredUntil = new HashMap<>();
        List<VariantHourSums> all = new ArrayList<>();
        for (ExperimentSumsRepository.StoredSums s : stored.sums()) {
            Instant hourEnd = s.sums().hour().plus(1, ChronoUnit.HOURS);
            Instant until = s.watermark() == null || s.watermark().isAfter(hourEnd) ? hourEnd : s.watermark();
            coveredUntil.put(List.of(s.sums().hour(), s.sums().variant()), until);
            if (until.isBefore(hourEnd) && until.isBefore(tailFrom)) {
                tailFrom = until; // part of an hour, rolled by an older run than the mark's: read its tail too
            }
            all.add(s.sums());
        }
        List<ExtractionRecord> tail = new ArrayList<>();
        for (ExtractionRecord r : extractions.forExperimentSince(experimentId, tailFrom)) {
            if (r.completedAt() == null || r.variant() == null) {
                continue;
            }
            Instant until = coveredUntil.get(List.of(r.completedAt().truncatedTo(ChronoUnit.HOURS), r.variant()));
            if (until == null || !r.completedAt().isBefore(until)) {
                tail.add(r);
            }
        }
        all.addAll(VariantHourSums.fromRecords(tail));
        return all;
    }
}
