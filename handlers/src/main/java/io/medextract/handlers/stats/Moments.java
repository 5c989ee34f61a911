package io.medextract.handlers.stats;

/**
 * The sufficient statistics of one sample for a difference of means: count, sum and sum of squares. They
 * add up, so an hour's moments merge with the next hour's and a whole experiment costs one merge per hour.
 * For a rate the values are 0/1, so {@code sum} is the number of successes.
 */
public record Moments(long n, double sum, double sumOfSquares) {

    public static final Moments EMPTY = new Moments(0, 0, 0);

    public Moments plus(double value) {
        return new Moments(n + 1, sum + value, sumOfSquares + value * value);
    }

    public Moments plus(Moments other) {
        return new Moments(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
    }

    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Unbiased sample variance; 0 below two observations (clamped at 0 against rounding). */
    public double variance() {
        if (n < 2) {
            return 0;
        }
        double centred = sumOfSquares - sum * sum / n;
        return Math.max(0, centred / (n - 1));
    }
}
