package io.medextract.handlers.experiments;

import io.medextract.handlers.store.ExtractionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The hourly sufficient statistics of one experiment up to now: hours the rollup job has closed come from
 * the stored sums; the last {@code hoursNotYetRolled} hours (the job re-rolls them for late results) are
 * summed from the experiment's raw extractions of those hours only. A request therefore reads O(hours) items
 * plus at most that many hours of one experiment's extractions.
 */
public final class ExperimentObservations {

    private final ExperimentSumsRepository sums;
    private final ExtractionRepository extractions;
    private final Clock clock;
    private final int hoursNotYetRolled;

    public ExperimentObservations(ExperimentSumsRepository sums, ExtractionRepository extractions, Clock clock,
                                  int hoursNotYetRolled) {
        this.sums = sums;
        this.extractions = extractions;
        this.clock = clock;
        this.hoursNotYetRolled = hoursNotYetRolled;
    }

    public List<VariantHourSums> forExperiment(String experimentId) {
        Instant liveFrom = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(hoursNotYetRolled - 1L, ChronoUnit.HOURS);
        List<VariantHourSums> all = new ArrayList<>(sums.before(experimentId, liveFrom));
        all.addAll(VariantHourSums.fromRecords(extractions.forExperimentSince(experimentId, liveFrom)));
        return all;
    }
}
