package io.medextract.tests.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * System time plus an offset the test can move forward, e.g. past a 30 s cache; or, once {@link #set} was called,
 * a simulated time that stands still until the test moves it.
 */
public final class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant simulated;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** From now on the clock reads {@code instant} (plus later advances), whatever the system time. */
    public void set(Instant instant) {
        offset = Duration.ZERO;
        simulated = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        Instant base = simulated;
        return (base == null ? Instant.now() : base).plus(offset);
    }
}
