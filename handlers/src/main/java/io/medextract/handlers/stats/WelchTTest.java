package io.medextract.handlers.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's t-test for the difference of two means without assuming equal variances, with the
 * Welch–Satterthwaite degrees of freedom; the t distribution comes from commons-math3.
 */
public final class WelchTTest {

    /** t statistic (b minus a), degrees of freedom and two-sided p-value. */
    public record Result(double t, double degreesOfFreedom, double pValue) {}

    private WelchTTest() {}

    public static Result test(Summary a, Summary b) {
        if (a.n() < 2 || b.n() < 2) {
            return new Result(Double.NaN, Double.NaN, 1.0);
        }
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Result(Double.NaN, Double.NaN, a.mean() == b.mean() ? 1.0 : 0.0);
        }
        double t = (b.mean() - a.mean()) / se;
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return new Result(t, df, Math.min(1.0, p));
    }

    /** n, mean and unbiased sample variance of one group. */
    public record Summary(long n, double mean, double variance) {

        public static Summary of(double[] values) {
            long n = values.length;
            if (n == 0) {
                return new Summary(0, Double.NaN, Double.NaN);
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= n;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Summary(n, mean, n > 1 ? ss / (n - 1) : 0);
        }

        /** Two-sided confidence interval of the mean at level 1 - alpha (t distribution). */
        public double[] confidenceInterval(double alpha) {
            if (n < 2) {
                return new double[] {Double.NaN, Double.NaN};
            }
            double q = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - alpha / 2);
            double half = q * Math.sqrt(variance / n);
            return new double[] {mean - half, mean + half};
        }
    }
}
