package io.medextract.handlers.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values worked by hand (binomial sums) and from the chi-square distribution. */
class McNemarTestTest {

    @Test
    void smallDiscordantCountsUseTheExactBinomial() {
        // 1 against 9: 2 * (C(10,0) + C(10,1)) / 2^10 = 22 / 1024.
        McNemarTest.Result r = McNemarTest.test(1, 9);
        assertThat(r.exact()).isTrue();
        assertThat(r.pValue()).isCloseTo(22.0 / 1024, within(1e-12));
        assertThat(McNemarTest.test(9, 1).pValue()).isCloseTo(22.0 / 1024, within(1e-12));
        // 3 against 3 is as balanced as it gets.
        assertThat(McNemarTest.test(3, 3).pValue()).isEqualTo(1.0);
        // 0 against 3: 2 / 8 = 0.25, never significant with three documents.
        assertThat(McNemarTest.test(0, 3).pValue()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void largeDiscordantCountsUseChiSquareWithContinuityCorrection() {
        // (|10 - 30| - 1)^2 / 40 = 9.025; P(chi2_1 > 9.025) = 0.002663 (2 * (1 - Phi(3.0042))).
        McNemarTest.Result r = McNemarTest.test(10, 30);
        assertThat(r.exact()).isFalse();
        assertThat(r.statistic()).isCloseTo(9.025, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.002663, within(2e-6));
    }

    @Test
    void noDiscordantPairsGiveNoEvidence() {
        assertThat(McNemarTest.test(0, 0).pValue()).isEqualTo(1.0);
    }
}
