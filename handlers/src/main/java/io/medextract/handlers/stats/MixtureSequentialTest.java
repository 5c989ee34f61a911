package io.medextract.handlers.stats;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh, "Always Valid
 * Inference" (2017), for a difference of means theta estimated by {@code estimate} with variance {@code v}
 * (normal approximation). Against H0: theta = 0, mixing the alternatives with theta ~ N(0, tau^2) gives the
 * likelihood ratio
 *
 * <pre>  Lambda = sqrt(v / (v + tau^2)) * exp(tau^2 * estimate^2 / (2 v (v + tau^2)))</pre>
 *
 * which is a non-negative martingale under H0, so by Ville's inequality P(Lambda ever reaches 1/alpha) is at
 * most alpha however often it is looked at. 1/Lambda is the always-valid p-value (keep its running minimum),
 * and the set of theta0 with Lambda(theta0) below 1/alpha is the confidence sequence.
 */
public final class MixtureSequentialTest {

    private final double tauSquared;

    public MixtureSequentialTest(double tauSquared) {
        if (!(tauSquared > 0)) {
            throw new IllegalArgumentException("the mixing variance must be positive");
        }
        this.tauSquared = tauSquared;
    }

    public double tauSquared() {
        return tauSquared;
    }

    /** log Lambda for the null theta0 = 0. */
    public double logLikelihoodRatio(double estimate, double v) {
        return 0.5 * Math.log(v / (v + tauSquared)) + tauSquared * estimate * estimate / (2 * v * (v + tauSquared));
    }

    /** 1 / Lambda, capped at 1: valid at any stopping time (before the running minimum is taken). */
    public double pValue(double estimate, double v) {
        return Math.min(1.0, Math.exp(-logLikelihoodRatio(estimate, v)));
    }

    /** Half width of the always-valid (1 - alpha) confidence interval around {@code estimate}. */
    public double halfWidth(double v, double alpha) {
        return Math.sqrt(v * (v + tauSquared) / tauSquared * (2 * Math.log(1 / alpha) + Math.log((v + tauSquared) / v)));
    }

    /**
     * The mixing variance that makes the test reach the given power for an effect {@code mde} with the fewest
     * observations: with r = tau^2 / v the boundary is |estimate| >= sqrt(v f(r)), f(r) = (1 + 1/r)(2 ln(1/alpha)
     * + ln(1 + r)); r* minimises f, and tau^2 = r* v* where v* is the variance at which an effect of mde crosses
     * the boundary with the given power: mde = (sqrt(f(r*)) + z_power) sqrt(v*). It depends on the design only
     * (mde, alpha, power), never on the data, as the martingale argument requires.
     */
    public static Design design(double mde, double alpha, double power) {
        double ratio = optimalRatio(alpha);
        double boundary = Math.sqrt(boundaryFactor(ratio, alpha));
        double zPower = TwoProportionZTest.standardNormal().inverseCumulativeProbability(power);
        double plannedVariance = Math.pow(mde / (boundary + zPower), 2);
        return new Design(ratio * plannedVariance, plannedVariance, boundary);
    }

    /**
     * What a design fixes: the mixing variance tau^2, the variance of the estimate at which the planned power is
     * reached (observations needed = per-observation variance / this), and the boundary in standard errors
     * there (about 3.0 at alpha 0.05, against 1.96 for a single look).
     */
    public record Design(double tauSquared, double plannedVariance, double boundaryInStandardErrors) {

        public MixtureSequentialTest test() {
            return new MixtureSequentialTest(tauSquared);
        }
    }

    /** f(r) = (1 + 1/r)(2 ln(1/alpha) + ln(1 + r)): the squared boundary in standard errors at tau^2 = r v. */
    static double boundaryFactor(double r, double alpha) {
        return (1 + 1 / r) * (2 * Math.log(1 / alpha) + Math.log1p(r));
    }

    static double optimalRatio(double alpha) {
        return OPTIMAL_RATIOS.computeIfAbsent(alpha, MixtureSequentialTest::minimiseBoundary);
    }

    /** A handful of alphas in practice: the optimisation runs once per alpha. */
    private static final java.util.Map<Double, Double> OPTIMAL_RATIOS = new java.util.concurrent.ConcurrentHashMap<>();

    private static double minimiseBoundary(double alpha) {
        UnivariateFunction f = r -> boundaryFactor(r, alpha);
        return new BrentOptimizer(1e-12, 1e-12).optimize(new MaxEval(500), new UnivariateObjectiveFunction(f),
                GoalType.MINIMIZE, new SearchInterval(1e-3, 1e4, 5)).getPoint();
    }
}
