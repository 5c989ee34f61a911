package io.medextract.handlers.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequeuePolicyTest {

    private final RequeuePolicy standard = RequeuePolicy.withBudget(RequeuePolicy.DEFAULT_BUDGET);

    @Test
    void delaysDoubleWithJitterAndNeverExceedTheSqsMaximum() {
        for (int i = 0; i < 200; i++) {
            Duration first = standard.delayBefore(1);
            assertThat(first).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            Duration fourth = standard.delayBefore(4);
            assertThat(fourth).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(240));
            Duration late = standard.delayBefore(60);
            assertThat(late).isBetween(Duration.ofSeconds(450), Duration.ofSeconds(900));
        }
    }

    @Test
    void theDefaultBudgetIsADayOfDelayedRetries() {
        Instant first = Instant.parse("2026-11-30T00:00:00Z");
        assertThat(standard.exhausted(null, first)).isFalse();
        assertThat(standard.exhausted(first, first.plus(Duration.ofHours(23)))).isFalse();
        assertThat(standard.exhausted(first, first.plus(Duration.ofHours(24)))).isTrue();
        // Enough retries fit in the day to ride out a long brown-out: at least one every 15 minutes.
        long seconds = 0;
        int retries = 0;
        while (seconds < Duration.ofHours(24).toSeconds()) {
            seconds += standard.delayBefore(++retries).toSeconds();
        }
        assertThat(retries).isGreaterThan(90);
    }

    @Test
    void aHeldExtractionIsLookedAtAgainWhenTheLeaseEndsButNotLaterThanTheLongestDelay() {
        Instant now = Instant.parse("2026-11-30T00:00:00Z");
        assertThat(standard.whileLeased(now.plusSeconds(300), now)).isEqualTo(Duration.ofSeconds(301));
        assertThat(standard.whileLeased(now.minusSeconds(5), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(standard.whileLeased(null, now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(standard.whileLeased(now.plus(Duration.ofHours(2)), now)).isEqualTo(RequeuePolicy.SQS_MAX_DELAY);
        RequeuePolicy quick = new RequeuePolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO);
        assertThat(quick.whileLeased(now.plusSeconds(300), now)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delaysOutsideWhatSqsAcceptsAreRejected() {
        assertThatThrownBy(() -> new RequeuePolicy(Duration.ofSeconds(30), Duration.ofSeconds(901), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequeuePolicy(Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
