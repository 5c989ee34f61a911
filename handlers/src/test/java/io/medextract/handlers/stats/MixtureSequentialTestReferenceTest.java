package io.medextract.handlers.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The mSPRT statistic against values computed another way. The implementation uses the closed form of the
 * normal-mixture likelihood ratio; the references integrate the mixture numerically, derive values by hand,
 * or minimise the boundary by a different search.
 */
class MixtureSequentialTestReferenceTest {

    @Test
    void closedFormMatchesTheNumericalIntegrationOfTestReferenceScript() {
        // test/reference/stats_reference.py, msprt_ratio_by_integration: composite Simpson rule over theta of
        // N(est; theta, v) / N(est; 0, v) * N(theta; 0, tau2), 200 000 steps, Python stdlib only.
        assertRatio(0.0, 1.0, 3.0, 0.5);
        assertRatio(1.0, 1.0, 3.0, 0.727495707309);
        assertRatio(0.03, 0.0001, 0.0002, 11.5963901494);
        assertRatio(-2.5, 0.8, 0.5, 3.52418758818);
        assertRatio(0.004, 1e-6, 4e-6, 269.153283321);
    }

    @Test
    void closedFormMatchesCommonsMathGaussLegendreIntegration() {
        // A second numerical route, in Java: the same integral with commons-math3's Gauss-Legendre integrator.
        double[][] cases = {{0.5, 0.2, 0.1}, {-0.01, 4e-5, 1e-4}, {3.0, 1.0, 10.0}, {120.0, 900.0, 2500.0}};
        for (double[] c : cases) {
            double estimate = c[0];
            double v = c[1];
            double tau2 = c[2];
            NormalDistribution prior = new NormalDistribution(null, 0, Math.sqrt(tau2));
            NormalDistribution noise = new NormalDistribution(null, 0, Math.sqrt(v));
            double nullDensity = noise.density(estimate);
            double reach = 12 * Math.sqrt(tau2) + Math.abs(estimate);
            // N(estimate; theta, v) = N(estimate - theta; 0, v)
            double integral = new IterativeLegendreGaussIntegrator(16, 1e-11, 1e-14).integrate(1_000_000,
                    theta -> noise.density(estimate - theta) / nullDensity * prior.density(theta), -reach, reach);
            double closed = Math.exp(new MixtureSequentialTest(tau2).logLikelihoodRatio(estimate, v));
            assertThat(closed).as("est=%s v=%s tau2=%s", estimate, v, tau2).isCloseTo(integral, within(integral * 1e-8));
        }
    }

    @Test
    void handDerivedBoundaryValues() {
        // v = 1, tau^2 = 3: Lambda = sqrt(1/4) exp(3 est^2 / 8). est = 0 gives 1/2 (p capped at 1); est^2 = (8/3) ln 40
        // gives Lambda = 20, i.e. p = 1/20 = 0.05, exactly on the alpha = 0.05 boundary.
        MixtureSequentialTest test = new MixtureSequentialTest(3.0);
        assertThat(test.pValue(0, 1)).isEqualTo(1.0);
        double onBoundary = Math.sqrt(8.0 / 3.0 * Math.log(40));
        assertThat(test.pValue(onBoundary, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(test.pValue(-onBoundary, 1)).isCloseTo(0.05, within(1e-12));
        // the confidence sequence is the set where Lambda(theta0) < 20: its half-width is that same estimate
        assertThat(test.halfWidth(1, 0.05)).isCloseTo(onBoundary, within(1e-12));
    }

    @Test
    void designMinimisesTheBoundaryAsAGoldenSectionSearchDoes() {
        // stats_reference.py, golden_min over f(r) = (1 + 1/r)(2 ln(1/alpha) + ln(1 + r)) on [0.01, 1000]:
        // alpha 0.05 -> r* = 8.2119682058, boundary sqrt(f(r*)) = 3.0351224130; alpha 0.025 -> 9.7529384312, 3.2791672602
        assertThat(MixtureSequentialTest.optimalRatio(0.05)).isCloseTo(8.2119682058, within(1e-4));
        assertThat(Math.sqrt(MixtureSequentialTest.boundaryFactor(MixtureSequentialTest.optimalRatio(0.05), 0.05)))
                .isCloseTo(3.0351224130, within(1e-9));
        assertThat(MixtureSequentialTest.optimalRatio(0.025)).isCloseTo(9.7529384312, within(1e-4));
        MixtureSequentialTest.Design d = MixtureSequentialTest.design(1.0, 0.05, 0.8);
        assertThat(d.boundaryInStandardErrors()).isCloseTo(3.0351224130, within(1e-9));
        // planned variance: mde^2 / (boundary + z_0.8)^2 with z_0.8 = 0.8416212336 (stats_reference.py, bisection on erfc)
        assertThat(d.plannedVariance()).isCloseTo(1 / Math.pow(3.0351224130 + 0.8416212336, 2), within(1e-9));
        assertThat(d.tauSquared()).isCloseTo(8.2119682058 * d.plannedVariance(), within(1e-5));
    }

    @Test
    void atThePlannedVarianceAnEffectOfTheMdeCrossesWithThePlannedPower() {
        // power = P(estimate >= boundary) with estimate ~ N(mde, v*): Phi(mde / sqrt(v*) - boundary) = 0.8
        MixtureSequentialTest.Design d = MixtureSequentialTest.design(0.05, 0.05, 0.8);
        double se = Math.sqrt(d.plannedVariance());
        double crossing = d.test().halfWidth(d.plannedVariance(), 0.05);
        double power = new NormalDistribution(null, 0, 1).cumulativeProbability((0.05 - crossing) / se);
        assertThat(power).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void momentsGiveTheSampleVarianceAndMerge() {
        Moments a = Moments.EMPTY.plus(1).plus(2).plus(3);
        Moments b = Moments.EMPTY.plus(4).plus(10);
        Moments all = a.plus(b);
        assertThat(all.n()).isEqualTo(5);
        assertThat(all.mean()).isCloseTo(4.0, within(1e-12));
        assertThat(all.variance()).isCloseTo(12.5, within(1e-12)); // (9 + 4 + 1 + 0 + 36) / 4 by hand
        assertThat(Moments.EMPTY.plus(3000).plus(3000).variance()).isEqualTo(0.0);
    }

    private static void assertRatio(double estimate, double v, double tau2, double expected) {
        double closed = Math.exp(new MixtureSequentialTest(tau2).logLikelihoodRatio(estimate, v));
        assertThat(closed).as("est=%s v=%s tau2=%s", estimate, v, tau2).isCloseTo(expected, within(expected * 1e-9));
    }
}
