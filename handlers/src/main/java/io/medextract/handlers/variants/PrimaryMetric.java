package io.medextract.handlers.variants;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import java.util.OptionalDouble;

/**
 * What an experiment compares. Rates are tested with the two-proportion z-test, the others with Welch's
 * t-test. The minimum detectable effect is absolute, in the metric's unit (share 0..1, ms, USD).
 */
public enum PrimaryMetric {
    FIELD_COMPLETENESS(true, false),
    SUCCESS_RATE(true, true),
    LATENCY(false, false),
    COST(false, false);

    private final boolean higherIsBetter;
    private final boolean proportion;

    PrimaryMetric(boolean higherIsBetter, boolean proportion) {
        this.higherIsBetter = higherIsBetter;
        this.proportion = proportion;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public boolean isProportion() {
        return proportion;
    }

    /** The metric's value for one finished extraction; empty when it has none (e.g. no latency). */
    public OptionalDouble valueOf(ExtractionRecord r) {
        return switch (this) {
            // A failed extraction filled nothing.
            case FIELD_COMPLETENESS -> OptionalDouble.of(r.status() == ExtractionStatus.SUCCEEDED
                    && r.fieldCompleteness() != null ? r.fieldCompleteness() : 0.0);
            case SUCCESS_RATE -> OptionalDouble.of(r.status() == ExtractionStatus.SUCCEEDED ? 1.0 : 0.0);
            case LATENCY -> r.latencyMs() == null ? OptionalDouble.empty() : OptionalDouble.of(r.latencyMs());
            case COST -> r.costUsd() == null ? OptionalDouble.empty() : OptionalDouble.of(r.costUsd());
        };
    }
}
