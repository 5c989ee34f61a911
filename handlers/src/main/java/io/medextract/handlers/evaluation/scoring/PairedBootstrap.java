package io.medextract.handlers.evaluation.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paired bootstrap of the difference in overall (micro) F1 between two runs on the same documents: each
 * resample draws documents with replacement and takes both runs' F1 over the same draw, so the document-to-
 * document variation both runs share cancels out. The interval is the percentile interval of the resampled
 * differences; the two-sided p-value is the share of resampled differences, shifted to centre on 0 (the null
 * hypothesis), at least as far from 0 as the observed one, with the usual +1 in numerator and denominator.
 * Seeded, so a result can be reproduced.
 */
final class PairedBootstrap {

    record Result(double difference, double low, double high, double pValue) {}

    private PairedBootstrap() {}

    static Result f1Difference(List<DocumentScore> baseline, List<DocumentScore> candidate, int resamples,
                               double confidence, long seed) {
        int n = baseline.size();
        int[][] base = counts(baseline);
        int[][] cand = counts(candidate);
        double observed = f1(cand, null) - f1(base, null);
        double[] differences = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] draw = new int[n];
        int atLeastAsFar = 0;
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                draw[i] = random.nextInt(n);
            }
            differences[r] = f1(cand, draw) - f1(base, draw);
            if (Math.abs(differences[r] - observed) >= Math.abs(observed) - 1e-12) {
                atLeastAsFar++;
            }
        }
        Arrays.sort(differences);
        double tail = (1 - confidence) / 2;
        double p = observed == 0 ? 1.0 : (atLeastAsFar + 1.0) / (resamples + 1.0);
        return new Result(observed, quantile(differences, tail), quantile(differences, 1 - tail), Math.min(1.0, p));
    }

    /** Per document: matched, and the F1 denominator 2·matched + 2·wrong + missing + extra. */
    private static int[][] counts(List<DocumentScore> scores) {
        int[][] counts = new int[scores.size()][2];
        for (int i = 0; i < scores.size(); i++) {
            FieldScore o = scores.get(i).overall();
            counts[i][0] = o.matched();
            counts[i][1] = 2 * o.matched() + 2 * o.wrong() + o.missing() + o.extra();
        }
        return counts;
    }

    private static double f1(int[][] counts, int[] draw) {
        long matched = 0;
        long denominator = 0;
        int n = draw == null ? counts.length : draw.length;
        for (int k = 0; k < n; k++) {
            int[] c = counts[draw == null ? k : draw[k]];
            matched += c[0];
            denominator += c[1];
        }
        return denominator == 0 ? 1.0 : 2.0 * matched / denominator;
    }

    /** The {@code q} quantile of sorted values (linear interpolation between order statistics). */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
