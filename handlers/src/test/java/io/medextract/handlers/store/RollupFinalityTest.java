package io.medextract.handlers.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollupFinalityTest {

    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void anHourIsFinalOnceRolledFifteenMinutesPastItsEnd() {
        assertThat(RollupFinality.isFinal(HOUR, Instant.parse("2026-11-20T11:14:59.999Z"))).isFalse();
        assertThat(RollupFinality.isFinal(HOUR, Instant.parse("2026-11-20T11:15:00Z"))).isTrue();
        assertThat(RollupFinality.isFinal(HOUR, Instant.parse("2026-11-20T10:30:00Z"))).isFalse();
    }

    @Test
    void theFirstHourNotFinalIsTheBoundaryOfTheRule() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            Instant watermark = HOUR.plusMillis(random.nextLong(3 * 3_600_000L));
            Instant first = RollupFinality.firstNotFinal(watermark);
            assertThat(first).isEqualTo(first.truncatedTo(ChronoUnit.HOURS));
            assertThat(RollupFinality.isFinal(first, watermark)).as("at " + watermark).isFalse();
            assertThat(RollupFinality.isFinal(first.minus(1, ChronoUnit.HOURS), watermark)).as("at " + watermark).isTrue();
        }
    }

    @Test
    void theRollupReachesTheCurrentHourAndTheThreeBeforeIt() {
        assertThat(RollupFinality.reachedFrom(Instant.parse("2026-11-20T10:42:00Z")))
                .isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
    }
}
