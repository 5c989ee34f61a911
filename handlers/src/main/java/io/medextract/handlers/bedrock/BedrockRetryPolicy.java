package io.medextract.handlers.bedrock;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter for retryable Bedrock failures, inside one invocation, bounded by
 * attempts and by the time the invocation has left. When it gives up, the caller returns the message to
 * the queue: throttling slows the queue down, it never fails a document.
 */
public final class BedrockRetryPolicy {

    /** Sleeps; a seam so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public BedrockRetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper,
                              RandomGenerator random) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Production settings; the jitter is re-seeded after each SnapStart restore. */
    public static BedrockRetryPolicy standard() {
        return new BedrockRetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8),
                d -> Thread.sleep(d.toMillis()), io.medextract.handlers.lambda.ReseedOnRestore.newRandom());
    }

    /**
     * Runs {@code call}, retrying retryable failures while attempts remain and the next wait fits in
     * {@code remainingMillis()} minus {@code reserve}; rethrows the last failure otherwise.
     */
    public <T> T run(Supplier<T> call, LongSupplier remainingMillis, Duration reserve) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (BedrockCallFailure failure) {
                if (!failure.isRetryable() || attempt >= maxAttempts) {
                    throw failure;
                }
                Duration wait = delayBefore(attempt + 1);
                if (remainingMillis.getAsLong() - wait.toMillis() < reserve.toMillis()) {
                    throw failure;
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    /** Full jitter: uniform in [0, min(maxDelay, base * 2^(attempt-2))]. */
    Duration delayBefore(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, attempt - 2));
        return Duration.ofMillis(random.nextLong(cap + 1));
    }
}
