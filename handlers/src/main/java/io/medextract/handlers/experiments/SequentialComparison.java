package io.medextract.handlers.experiments;

import io.medextract.handlers.stats.MixtureSequentialTest;
import io.medextract.handlers.stats.Moments;
import java.util.List;
import io.medextract.handlers.variants.PrimaryMetric;

/**
 * One treatment against the control on one metric, looked at after every hour (cumulative data): the mSPRT
 * p-value at each look, its running minimum (the always-valid p-value), and the running intersection of the
 * confidence intervals (the confidence sequence). Looks before both arms have {@link #MINIMUM_PER_VARIANT}
 * observations do not count: the normal approximation needs them, and they keep a handful of identical
 * values from deciding anything.
 */
final class SequentialComparison {

    /** Observations each arm needs before a look counts. */
    static final long MINIMUM_PER_VARIANT = 100;

    /** How a metric's per-observation variance is estimated and floored, and the mixing variance it uses. */
    interface Model {
        double variance(Moments arm, Moments pooled);

        double tauSquared(double pooledVariance);
    }

    /**
     * The result. {@code direction} is the sign of the estimate at the look where the p-value was smallest
     * (+1: the treatment is higher). {@code confidenceSequence} is null before the first look that counts.
     */
    record Outcome(double effect, double alwaysValidPValue, double[] confidenceSequence, int direction,
                   int looksCounted) {}

    private SequentialComparison() {}

    /** {@code control.get(k)} and {@code treatment.get(k)} are the cumulative moments at look k. */
    static Outcome of(List<Moments> control, List<Moments> treatment, Model model, double intervalAlpha) {
        double bestP = 1;
        int direction = 0;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[] latest = null;
        int counted = 0;
        for (int k = 0; k < control.size(); k++) {
            Moments c = control.get(k);
            Moments t = treatment.get(k);
            if (c.n() < MINIMUM_PER_VARIANT || t.n() < MINIMUM_PER_VARIANT) {
                continue;
            }
            Moments pooled = c.plus(t);
            double v = model.variance(c, pooled) / c.n() + model.variance(t, pooled) / t.n();
            double tau2 = model.tauSquared(model.variance(pooled, pooled));
            MixtureSequentialTest test = new MixtureSequentialTest(tau2);
            double estimate = t.mean() - c.mean();
            double p = test.pValue(estimate, v);
            if (p < bestP) {
                bestP = p;
                direction = (int) Math.signum(estimate);
            }
            double half = test.halfWidth(v, intervalAlpha);
            latest = new double[] {estimate - half, estimate + half};
            lo = Math.max(lo, latest[0]);
            hi = Math.min(hi, latest[1]);
            counted++;
        }
        Moments c = control.isEmpty() ? Moments.EMPTY : control.get(control.size() - 1);
        Moments t = treatment.isEmpty() ? Moments.EMPTY : treatment.get(treatment.size() - 1);
        double effect = c.n() == 0 || t.n() == 0 ? Double.NaN : t.mean() - c.mean();
        // An empty intersection means the normal approximation misled an early look: show the latest interval.
        double[] sequence = counted == 0 ? null : lo <= hi ? new double[] {lo, hi} : latest;
        return new Outcome(effect, bestP, sequence, direction, counted);
    }

    /** The primary metric: design-time mixing variance; variance floored at (mde / 2)^2. */
    static Model primary(PrimaryMetric metric, double mde, double tauSquared) {
        double floor = mde * mde / 4;
        return new Model() {
            @Override
            public double variance(Moments arm, Moments pooled) {
                return Math.max(floor, observedVariance(metric, arm));
            }

            @Override
            public double tauSquared(double pooledVariance) {
                return tauSquared;
            }
        };
    }

    /** Mixing standard deviation of a guardrail, in standard deviations of the metric (a "small" effect). */
    static final double GUARDRAIL_STANDARDISED_TAU = 0.2;
    /** Floor of a guardrail's standard deviation, relative to its pooled mean (latency, cost). */
    static final double GUARDRAIL_RELATIVE_SD_FLOOR = 0.01;

    /** A guardrail metric: no MDE, so the mixture is scaled to the metric's own spread. */
    static Model guardrail(PrimaryMetric metric) {
        return new Model() {
            @Override
            public double variance(Moments arm, Moments pooled) {
                double floor = metric.isProportion() ? 0
                        : Math.pow(GUARDRAIL_RELATIVE_SD_FLOOR * Math.abs(pooled.mean()), 2);
                return Math.max(floor, observedVariance(metric, arm));
            }

            @Override
            public double tauSquared(double pooledVariance) {
                return GUARDRAIL_STANDARDISED_TAU * GUARDRAIL_STANDARDISED_TAU * Math.max(pooledVariance, 1e-300);
            }
        };
    }

    /** Sample variance; for a rate p(1 - p) with p = (successes + 1) / (n + 2), never 0. */
    static double observedVariance(PrimaryMetric metric, Moments arm) {
        if (metric.isProportion()) {
            double p = (arm.sum() + 1) / (arm.n() + 2);
            return p * (1 - p);
        }
        return arm.variance();
    }
}
