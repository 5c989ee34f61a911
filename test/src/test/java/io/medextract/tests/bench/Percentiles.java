package io.medextract.tests.bench;

import java.util.Arrays;

/** Nearest-rank percentiles, the one definition every benchmark table uses so their columns compare. */
final class Percentiles {

    private Percentiles() {}

    /** The value at rank ceil(percent / 100 * n) of the sorted values; {@code percent} from 0 to 100. */
    static double nearestRank(double[] values, double percent) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        return nearestRank(values, 50);
    }
}
