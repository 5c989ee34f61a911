package io.medextract.handlers.evaluation.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a candidate may replace a baseline, from their {@link PairedComparison} on one evaluation set.
 * The candidate is refused when either observed drop exceeds its threshold:
 * <ol>
 *   <li>overall F1: candidate F1 &lt; baseline F1 − {@code maxF1Drop};</li>
 *   <li>exact-document accuracy: candidate accuracy &lt; baseline accuracy − {@code maxAccuracyDrop}.</li>
 * </ol>
 * The rule uses the observed differences, not significance, so a small set errs on the side of refusing:
 * a regression that an evaluation set shows is never waved through for lack of documents. Interval and p-values
 * are given in the reasons so a reader can judge how sure the difference is.
 */
public record EvaluationGate(double maxF1Drop, double maxAccuracyDrop) {

    /** Refuse a drop of more than 0.02 in F1 or 5 percentage points in documents entirely right. */
    public static final EvaluationGate DEFAULT = new EvaluationGate(0.02, 0.05);

    public EvaluationGate {
        if (!(maxF1Drop >= 0 && maxF1Drop <= 1) || !(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1)) {
            throw new IllegalArgumentException("thresholds must be between 0 and 1");
        }
    }

    /** The outcome: whether the candidate passes, and one sentence per rule saying why. */
    public record Decision(boolean passed, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    public Decision decide(PairedComparison c) {
        List<String> reasons = new ArrayList<>();
        boolean f1Regresses = c.f1Difference() < -maxF1Drop - 1e-12;
        reasons.add(String.format(Locale.ROOT, "overall F1 %.3f -> %.3f (%+.3f, %.0f%% interval %+.3f to %+.3f,"
                        + " p=%.3f) %s a drop of %.3f", c.baselineF1(), c.candidateF1(), c.f1Difference(),
                100 * c.confidence(), c.f1DifferenceLow(), c.f1DifferenceHigh(), c.f1DifferencePValue(),
                f1Regresses ? "exceeds the allowed" : "is within", maxF1Drop));
        boolean accuracyRegresses = c.accuracyDifference() < -maxAccuracyDrop - 1e-12;
        reasons.add(String.format(Locale.ROOT, "documents entirely right %.1f%% -> %.1f%% (%+.1f points;"
                        + " %d only by the baseline, %d only by the candidate, McNemar p=%.3f) %s a drop of %.1f points",
                100 * c.baselineAccuracy(), 100 * c.candidateAccuracy(), 100 * c.accuracyDifference(),
                c.onlyBaselineExact(), c.onlyCandidateExact(), c.mcNemarPValue(),
                accuracyRegresses ? "exceeds the allowed" : "is within", 100 * maxAccuracyDrop));
        return new Decision(!f1Regresses && !accuracyRegresses, reasons);
    }
}
