package io.medextract.handlers.extract;

import java.time.Duration;
import java.time.Instant;
import io.medextract.handlers.lambda.ReseedOnRestore;
import java.util.Random;

/**
 * How long an extraction waits in the queue before its next try when Bedrock stays busy, and for how long it
 * may keep trying. Waiting happens in a new, delayed message rather than in the visibility timeout of the old
 * one, because every receive counts toward maxReceiveCount: a busy Bedrock must slow the queue, not fill the DLQ.
 *
 * @param baseDelay delay before the first re-try; doubles with every retry
 * @param maxDelay  longest single delay (at most {@link #SQS_MAX_DELAY})
 * @param budget    how long after the first throttled try the extraction may still be retried
 */
public record RequeuePolicy(Duration baseDelay, Duration maxDelay, Duration budget) {

    /**
     * SendMessage DelaySeconds: 0 to 900 seconds (15 minutes) per message on standard queues.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
     */
    public static final Duration SQS_MAX_DELAY = Duration.ofSeconds(900);
    /** About a day of retries: a regional Bedrock brown-out or a quota raise fits; a forgotten quota does not. */
    public static final Duration DEFAULT_BUDGET = Duration.ofHours(24);
    static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(30);
    private static final Duration MIN_DELAY = Duration.ofSeconds(1);
    /** Re-seeded after each SnapStart restore, so restored environments do not re-send in lockstep. */
    private static final Random JITTER = ReseedOnRestore.newRandom();

    public RequeuePolicy {
        if (baseDelay.compareTo(MIN_DELAY) < 0 || maxDelay.compareTo(baseDelay) < 0
                || maxDelay.compareTo(SQS_MAX_DELAY) > 0) {
            throw new IllegalArgumentException("need 1 s <= baseDelay <= maxDelay <= 900 s");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("the retry budget cannot be negative");
        }
    }

    public static RequeuePolicy withBudget(Duration budget) {
        return new RequeuePolicy(DEFAULT_BASE_DELAY, SQS_MAX_DELAY, budget);
    }

    /**
     * Delay before retry number {@code retries} (1 for the first): exponential with equal jitter, so a throttled
     * batch spreads out but no retry comes back at once. Whole seconds, as SQS takes them.
     */
    public Duration delayBefore(int retries) {
        int doublings = Math.max(0, Math.min(20, retries - 1));
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << doublings);
        long millis = cap / 2 + JITTER.nextLong(cap / 2 + 1);
        return clamp(Duration.ofMillis(millis));
    }

    /** True once throttling that began at {@code firstThrottledAt} has used the whole budget. */
    public boolean exhausted(Instant firstThrottledAt, Instant now) {
        return firstThrottledAt != null && !Duration.between(firstThrottledAt, now).minus(budget).isNegative();
    }

    /**
     * Delay before looking again at an extraction another worker holds: until its lease ends (plus a second), so
     * the next try finds it finished or takes it over, but no longer than {@code maxDelay}.
     */
    public Duration whileLeased(Instant leaseEnd, Instant now) {
        Duration untilEnd = untilLeaseEnds(leaseEnd, now);
        return untilEnd.compareTo(maxDelay) > 0 ? clamp(maxDelay) : untilEnd;
    }

    /** Delay until a lease has ended (plus a second), at most the SQS maximum. */
    public static Duration untilLeaseEnds(Instant leaseEnd, Instant now) {
        return clamp(leaseEnd == null ? MIN_DELAY : Duration.between(now, leaseEnd).plus(MIN_DELAY));
    }

    private static Duration clamp(Duration delay) {
        long seconds = Math.max(MIN_DELAY.toSeconds(), (delay.toMillis() + 999) / 1000);
        return Duration.ofSeconds(Math.min(SQS_MAX_DELAY.toSeconds(), seconds));
    }
}
