package io.medextract.handlers.experiments;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.FinalHourCache;
import io.medextract.handlers.store.RollupFinality;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.variants.VariantHourSums;

/**
 * The hourly sufficient statistics of one experiment up to now: the stored sums (one query), plus the
 * experiment's raw extractions completed at or after the rollup's watermark (one query on the byExperiment
 * index, a few minutes of traffic when the schedule runs). An extraction is counted from the raw tail only
 * when no stored sums of its (hour, variant) hold it: none exist, or they were rolled up to a watermark at or
 * before its completion.
 *
 * <p>Hours the experiment's mark calls final ({@link RollupFinality}, the rule the metrics cache by) are never
 * rolled again, so this container keeps them: a later request asks DynamoDB only for the hours from the first
 * one not final, and the raw tail. The sums are keyed by what each extraction recorded (its experiment id, the
 * hour it completed in, its variant's name), never by the experiment's definition, which cannot change once
 * the experiment has run (only drafts are edited, ids are never reused); the analysis picks the variants it
 * knows from them.
 *
 * <p>An experiment without a mark (not rolled yet, or only by the hourly job from before marks existed) is read
 * as the metrics read unmarked hours: its stored sums hold their whole hour, and an hour older than the
 * rollup's reach with nothing stored had no extractions (every run rolls the experiments with results in the
 * hours it reaches); nothing of it is cached.
 */
public final class ExperimentObservations {

    /**
     * 90 days of a two-arm experiment is 4 320 sums of about 350 bytes each (hour, variant name, four metrics'
     * moments): the default holds several long-running experiments in under 10 MB.
     */
    static final int DEFAULT_MAX_CACHED_SUMS = 20_000;

    /** The sums of one experiment's hours before {@code until}, all final (raw tails included). */
    private record FinalSums(Instant until, List<VariantHourSums> sums) {}

    private final ExperimentSumsRepository sums;
    private final ExtractionRepository extractions;
    private final Clock clock;
    private final FinalHourCache<String, FinalSums> finalHours;

    public ExperimentObservations(ExperimentSumsRepository sums, ExtractionRepository extractions, Clock clock) {
        this(sums, extractions, clock, DEFAULT_MAX_CACHED_SUMS);
    }

    /** As the other constructor, with the cache bounded to {@code maxCachedSums} (tests). */
    public ExperimentObservations(ExperimentSumsRepository sums, ExtractionRepository extractions, Clock clock,
                                  int maxCachedSums) {
        this.sums = sums;
        this.extractions = extractions;
        this.clock = clock;
        this.finalHours = new FinalHourCache<>(maxCachedSums, f -> f.sums().size());
    }

    /** Sums held by this container's cache of final hours (an experiment with none counts as one). */
    public int cachedSums() {
        return finalHours.size();
    }

    public List<VariantHourSums> forExperiment(String experimentId) {
        Optional<FinalSums> held = finalHours.get(experimentId);
        Instant heldUntil = held.map(FinalSums::until).orElse(Instant.EPOCH);
        ExperimentSumsRepository.Stored stored = held.isPresent()
                ? sums.storedFrom(experimentId, heldUntil) : sums.stored(experimentId);
        List<VariantHourSums> read = read(experimentId, stored, heldUntil);
        List<VariantHourSums> all = new ArrayList<>(held.map(FinalSums::sums).orElse(List.of()));
        all.addAll(read);
        stored.watermark().map(RollupFinality::firstNotFinal)
                .filter(until -> until.isAfter(heldUntil))
                .ifPresent(until -> finalHours.put(experimentId, new FinalSums(until,
                        all.stream().filter(s -> s.hour().isBefore(until)).toList())));
        return all;
    }

    /** The stored sums of the hours from {@code heldUntil} on, and the raw results they do not hold. */
    private List<VariantHourSums> read(String experimentId, ExperimentSumsRepository.Stored stored,
                                       Instant heldUntil) {
        Instant tailFrom = stored.watermark().orElseGet(() -> RollupFinality.reachedFrom(clock.instant()));
        // Sums of an (hour, variant) hold what completed before their own watermark (null: the whole hour).
        Map<List<Object>, Instant> coveredUntil = new HashMap<>();
        List<VariantHourSums> out = new ArrayList<>();
        for (ExperimentSumsRepository.StoredSums s : stored.sums()) {
            Instant hourEnd = s.sums().hour().plus(1, ChronoUnit.HOURS);
            Instant until = s.watermark() == null || s.watermark().isAfter(hourEnd) ? hourEnd : s.watermark();
            coveredUntil.put(List.of(s.sums().hour(), s.sums().variant()), until);
            if (until.isBefore(hourEnd) && until.isBefore(tailFrom)) {
                tailFrom = until; // part of an hour, rolled by an older run than the mark's: read its tail too
            }
            out.add(s.sums());
        }
        if (tailFrom.isBefore(heldUntil)) {
            tailFrom = heldUntil; // what completed earlier is in the held hours (a lagging read of an older mark)
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
        out.addAll(VariantHourSums.fromRecords(tail));
        return out;
    }
}
