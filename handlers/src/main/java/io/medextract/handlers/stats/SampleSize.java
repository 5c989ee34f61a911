package io.medextract.handlers.stats;

/**
 * Observations per variant needed to detect an absolute difference {@code delta} with a two-sided test at
 * level alpha and the given power, looked at once (normal approximation, equal group sizes). The sequential
 * plan the experiments use is larger (see {@link MixtureSequentialTest#design}); these single-look numbers are
 * reported next to it for comparison.
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

    /**
     * The rate the baseline {@code p1} is compared with when planning: {@code p1 ± mde}, whichever lies inside
     * (0, 1) and nearer 0.5. A rate nearer 0.5 varies more, so that direction needs the larger sample and a
     * plan for it has the stated power in both directions (0.9 with mde 0.05 plans for 0.85, not 0.95).
     */
    public static double harderAlternative(double p1, double mde) {
        double down = p1 - mde;
        double up = p1 + mde;
        boolean downInside = down > 0;
        boolean upInside = up < 1;
        if (downInside && upInside) {
            return down * (1 - down) >= up * (1 - up) ? down : up;
        }
        return upInside ? up : down;
    }

    private static double z(double p) {
        return TwoProportionZTest.standardNormal().inverseCumulativeProbability(p);
    }
}
