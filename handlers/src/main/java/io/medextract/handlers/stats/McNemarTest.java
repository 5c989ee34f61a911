package io.medextract.handlers.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * McNemar's test for paired yes/no outcomes (the same items judged under two conditions). Only discordant pairs
 * carry information: {@code onlyFirst} items right under the first condition alone, {@code onlySecond} under the
 * second alone. Under the null hypothesis each discordant pair goes either way with probability 1/2.
 * Below {@link #EXACT_BELOW} discordant pairs the two-sided exact binomial p-value is used (the chi-square
 * approximation is poor there); from it on, the chi-square statistic with continuity correction
 * (|b − c| − 1)² / (b + c) on 1 degree of freedom.
 */
public final class McNemarTest {

    /** Discordant-pair count from which the chi-square approximation is used (a common rule: b + c ≥ 25). */
    public static final int EXACT_BELOW = 25;

    /**
     * @param statistic the chi-square statistic, or NaN when the exact test was used
     * @param exact     whether the p-value is the exact binomial one
     */
    public record Result(long onlyFirst, long onlySecond, double statistic, double pValue, boolean exact) {}

    private McNemarTest() {}

    public static Result test(long onlyFirst, long onlySecond) {
        if (onlyFirst < 0 || onlySecond < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        long discordant = onlyFirst + onlySecond;
        if (discordant == 0) {
            return new Result(onlyFirst, onlySecond, Double.NaN, 1.0, true);
        }
        if (discordant < EXACT_BELOW) {
            BinomialDistribution binomial = new BinomialDistribution(null, (int) discordant, 0.5);
            double tail = binomial.cumulativeProbability((int) Math.min(onlyFirst, onlySecond));
            return new Result(onlyFirst, onlySecond, Double.NaN, Math.min(1.0, 2 * tail), true);
        }
        double difference = Math.abs(onlyFirst - onlySecond) - 1.0;
        double statistic = Math.max(0, difference) * Math.max(0, difference) / discordant;
        double p = 1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(statistic);
        return new Result(onlyFirst, onlySecond, statistic, p, false);
    }
}
