package io.medextract.handlers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.domain.ErrorCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BedrockRetryPolicyTest {

    private final List<Duration> waits = new ArrayList<>();
    private final BedrockRetryPolicy policy = new BedrockRetryPolicy(4, Duration.ofMillis(250),
            Duration.ofSeconds(8), waits::add, new Random(1));

    @Test
    void retriesThrottlingUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = policy.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw BedrockCallFailure.retryable("429", null);
            }
            return "ok";
        }, () -> 300_000, Duration.ofSeconds(20));
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(250));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(500));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run(() -> {
            calls.incrementAndGet();
            throw BedrockCallFailure.retryable("503", null);
        }, () -> 300_000, Duration.ofSeconds(20))).isInstanceOf(BedrockCallFailure.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void neverRetriesPermanentFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run(() -> {
            calls.incrementAndGet();
            throw BedrockCallFailure.permanent(ErrorCategory.MODEL_ACCESS_DENIED, "denied", null);
        }, () -> 300_000, Duration.ofSeconds(20))).isInstanceOf(BedrockCallFailure.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void stopsWhenTheInvocationHasNoTimeLeft() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run(() -> {
            calls.incrementAndGet();
            throw BedrockCallFailure.retryable("429", null);
        }, () -> 20_000, Duration.ofSeconds(20))).isInstanceOf(BedrockCallFailure.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void backoffIsCappedAtTheMaximumDelay() {
        for (int attempt = 2; attempt < 30; attempt++) {
            assertThat(policy.delayBefore(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(8));
        }
    }
}
