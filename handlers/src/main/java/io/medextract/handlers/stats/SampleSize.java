package io.medextract.handlers.stats;

/**
 * Observations per variant needed to detect an absolute difference {@code delta} with a two-sided test at
 * level alpha and the given power (normal approximation, equal group sizes).
 */
public final class SampleSize {

    private SampleSize() {}

    /** For a difference of means with common standard deviation {@code sigma}. */
    public static long forMeans(double sigma, double delta, double alpha, double power) {
        double za = z(1 - alpha / 2);
        double zb = z(power);
        return (long) Math.ceil(2 * Math.pow((za + zb) * sigma / delta, 2));
    }

    /** For proportions: baseline {@code p1} and {@code p1 + delta}. */
    public static long forProportions(double p1, double delta, double alpha, double power) {
        double p2 = Math.min(0.999999, Math.max(0.000001, p1 + delta));
        double pBar = (p1 + p2) / 2;
        double za = z(1 - alpha / 2);
        double zb = z(power);
        double numerator = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (long) Math.ceil(numerator * numerator / (delta * delta));
    }

    private static double z(double p) {
        return TwoProportionZTest.standardNormal().inverseCumulativeProbability(p);
    }
}
