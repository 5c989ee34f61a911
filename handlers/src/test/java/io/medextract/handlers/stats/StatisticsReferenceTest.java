package io.medextract.handlers.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The experiment statistics against reference values computed independently by
 * {@code test/reference/stats_reference.py} (Python stdlib: numerical integration of the t density,
 * math.erfc for the normal), which agree with the worked examples of Welch's t-test on Wikipedia
 * (t = 2.46, df = 24.99, p = 0.021; t = 1.57, df = 9.90, p = 0.149).
 */
class StatisticsReferenceTest {

    private static final double[] A1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
    private static final double[] A2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
    private static final double[] B1 = {17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8};
    private static final double[] B2 = {21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5,
            22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8};

    @Test
    void welchEqualSizes() {
        WelchTTest.Result r = WelchTTest.test(WelchTTest.Summary.of(A1), WelchTTest.Summary.of(A2));
        assertThat(r.t()).isCloseTo(2.4553563983, within(1e-9));
        assertThat(r.degreesOfFreedom()).isCloseTo(24.9885292902, within(1e-8));
        assertThat(r.pValue()).isCloseTo(0.0213780015, within(1e-7));
    }

    @Test
    void welchUnequalSizesAndVariances() {
        WelchTTest.Result r = WelchTTest.test(WelchTTest.Summary.of(B1), WelchTTest.Summary.of(B2));
        assertThat(r.t()).isCloseTo(1.5654335236, within(1e-9));
        assertThat(r.degreesOfFreedom()).isCloseTo(9.9047412487, within(1e-8));
        assertThat(r.pValue()).isCloseTo(0.1488416966, within(1e-7));
    }

    @Test
    void twoProportionZTest() {
        TwoProportionZTest.Result equal = TwoProportionZTest.test(420, 500, 455, 500);
        assertThat(equal.z()).isCloseTo(3.3466401061, within(1e-9));
        assertThat(equal.pValue()).isCloseTo(0.0008179733, within(1e-9));
        TwoProportionZTest.Result unequal = TwoProportionZTest.test(88, 120, 1710, 2000);
        assertThat(unequal.z()).isCloseTo(3.6068026618, within(1e-9));
        assertThat(unequal.pValue()).isCloseTo(0.0003099932, within(1e-9));
    }

    @Test
    void holmAdjustsStepDownAndStaysMonotone() {
        // m = 3: sorted 0.01, 0.02, 0.04 -> 0.03, 0.04, 0.04 (the last is max(0.04, 1 * 0.04))
        assertThat(HolmCorrection.adjust(new double[] {0.04, 0.01, 0.02}))
                .containsExactly(new double[] {0.04, 0.03, 0.04}, within(1e-12));
        assertThat(HolmCorrection.adjust(new double[] {0.5, 0.9})).containsExactly(new double[] {1.0, 1.0}, within(1e-12));
    }

    @Test
    void sampleSizesMatchTheTextbookFormula() {
        // sigma = delta, alpha 0.05, power 0.8: 2 * (1.959964 + 0.841621)^2 = 15.70 -> 16
        assertThat(SampleSize.forMeans(1.0, 1.0, 0.05, 0.8)).isEqualTo(16);
        // 0.80 -> 0.85 at alpha 0.05, power 0.8: 905.37 per group (reference script) -> 906
        assertThat(SampleSize.forProportions(0.80, 0.05, 0.05, 0.8)).isEqualTo(906);
    }

    @Test
    void confidenceIntervalsCoverTheMean() {
        WelchTTest.Summary s = WelchTTest.Summary.of(A1);
        double[] ci = s.confidenceInterval(0.05);
        // reference script: mean 20.82, sd 2.8048936827, half-width 1.5532983475
        assertThat(s.mean()).isCloseTo(20.82, within(1e-9));
        assertThat(ci[1] - s.mean()).isCloseTo(1.5532983475, within(1e-6));
        assertThat(s.mean() - ci[0]).isCloseTo(1.5532983475, within(1e-6));
        double[] wilson = TwoProportionZTest.wilsonInterval(420, 500, 0.05);
        assertThat(wilson[0]).isCloseTo(0.8052918208, within(1e-8));
        assertThat(wilson[1]).isCloseTo(0.8695236276, within(1e-8));
    }

    @Test
    void sketchQuantilesAreWithinOnePercentOnSkewedLatencies() {
        Random random = new Random(2026);
        double[] values = new double[200_000];
        LatencySketch merged = LatencySketch.empty();
        LatencySketch hour = LatencySketch.empty();
        for (int i = 0; i < values.length; i++) {
            // log-normal latencies (median ~ 3 s, long tail) with rare 60 s outliers
            values[i] = Math.exp(8.0 + 0.9 * random.nextGaussian()) + (random.nextDouble() < 0.01 ? 60_000 : 0);
            hour.add(values[i]);
            if (i % 5_000 == 4_999) { // one sketch per "hour", merged after a byte round trip
                merged.merge(LatencySketch.fromBytes(hour.toBytes()));
                hour = LatencySketch.empty();
            }
        }
        Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(merged.quantile(q)).as("q=%s", q).isCloseTo(exact, within(exact * 0.01));
        }
        assertThat(merged.count()).isEqualTo(values.length);
    }
}
