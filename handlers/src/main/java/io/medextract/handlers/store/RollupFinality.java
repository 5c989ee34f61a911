package io.medextract.handlers.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When an hour of rolled-up results can no longer change (once it was rolled with a watermark at least
 * {@link #LATE_WRITE_WINDOW} past its end) and which hours a run still reaches. The rules the rollup marks
 * hours final by and readers cache and skip hours by, for the metrics rollups and the experiments' sums alike.
 */
public final class RollupFinality {

    /**
     * How long after its end an hour is still re-rolled for results that reached the index later than the
     * settle margin (an index lagging under load, a finish write slowed by SDK retries). A roll whose watermark
     * is this far past the hour's end marks it final: it is never rolled again and readers may cache it.
     */
    public static final Duration LATE_WRITE_WINDOW = Duration.ofMinutes(15);

    /** Hours before the watermark's a run looks at for ones not yet final (more than needed: a missed run heals). */
    public static final int HOURS_LOOKED_BACK = 3;

    private RollupFinality() {}

    /** True when a roll of {@code hour} up to {@code watermark} (exclusive) is the hour's last. */
    public static boolean isFinal(Instant hour, Instant watermark) {
        return !watermark.isBefore(hour.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).plus(LATE_WRITE_WINDOW));
    }

    /**
     * The oldest hour a run scheduled about {@code now} still rolls. Every run marks the hours it reaches, and
     * the hourly job before marks existed wrote items for every hour that had results, so an older hour with
     * nothing stored had no results: readers take it as empty instead of reading it raw.
     */
    public static Instant reachedFrom(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(HOURS_LOOKED_BACK, ChronoUnit.HOURS);
    }

    /** The first hour a roll up to {@code watermark} leaves not final; every hour before it is final. */
    public static Instant firstNotFinal(Instant watermark) {
        // the hour holding watermark - LATE_WRITE_WINDOW ends after it; the one before ends at or before it
        return watermark.minus(LATE_WRITE_WINDOW).truncatedTo(ChronoUnit.HOURS);
    }
}
