package io.medextract.handlers.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The two-proportion z-test (pooled standard error under the null) and Wilson intervals for rates. */
public final class TwoProportionZTest {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /** z statistic (b minus a) and two-sided p-value. */
    public record Result(double z, double pValue) {}

    private TwoProportionZTest() {}

    public static Result test(long successesA, long nA, long successesB, long nB) {
        if (nA == 0 || nB == 0) {
            return new Result(Double.NaN, 1.0);
        }
        double pa = (double) successesA / nA;
        double pb = (double) successesB / nB;
        double pooled = (double) (successesA + successesB) / (nA + nB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        if (se == 0) {
            return new Result(Double.NaN, pa == pb ? 1.0 : 0.0);
        }
        double z = (pb - pa) / se;
        return new Result(z, Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z))));
    }

    /** Wilson score interval of a proportion at level 1 - alpha. */
    public static double[] wilsonInterval(long successes, long n, double alpha) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double p = (double) successes / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new double[] {centre - half, centre + half};
    }

    static NormalDistribution standardNormal() {
        return STANDARD_NORMAL;
    }
}
