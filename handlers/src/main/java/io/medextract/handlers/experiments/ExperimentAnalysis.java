package io.medextract.handlers.experiments;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.stats.HolmCorrection;
import io.medextract.handlers.stats.SampleSize;
import io.medextract.handlers.stats.TwoProportionZTest;
import io.medextract.handlers.stats.WelchTTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The statistics of an experiment: per variant n, mean and confidence interval of the primary metric;
 * each treatment against the control (Welch's t-test, or the two-proportion z-test for rates), Holm-adjusted
 * when there are several treatments; the sample size the power calculation asks for; and a recommendation
 * with its reasons. PROMOTE is never given before every variant has the required sample size.
 */
public final class ExperimentAnalysis {

    /** What to do next. */
    public enum Action { PROMOTE, KEEP, CONTINUE, STOP }

    /** Per-variant figures. */
    public record VariantResult(String name, String promptVersion, int weight, long n, double mean, double[] ci,
                                Double effect, Double pValue, Double adjustedPValue) {}

    /** The recommendation and why. */
    public record Recommendation(Action action, String variant, List<String> reasons) {}

    /** The whole analysis. */
    public record Result(List<VariantResult> variants, Long requiredPerVariant, Recommendation recommendation) {}

    private ExperimentAnalysis() {}

    public static Result analyse(Experiment experiment, List<ExtractionRecord> records) {
        PrimaryMetric metric = experiment.primaryMetric();
        List<double[]> samples = new ArrayList<>();
        for (Experiment.Variant v : experiment.variants()) {
            samples.add(records.stream()
                    .filter(r -> v.name().equals(r.variant()) && r.status().isFinal())
                    .map(metric::valueOf).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                    .toArray());
        }
        WelchTTest.Summary control = WelchTTest.Summary.of(samples.get(0));
        int treatments = samples.size() - 1;
        double[] rawP = new double[treatments];
        double[] effects = new double[treatments];
        for (int i = 1; i < samples.size(); i++) {
            WelchTTest.Summary t = WelchTTest.Summary.of(samples.get(i));
            effects[i - 1] = t.mean() - control.mean();
            rawP[i - 1] = metric.isProportion()
                    ? TwoProportionZTest.test(successes(samples.get(0)), control.n(), successes(samples.get(i)), t.n()).pValue()
                    : WelchTTest.test(control, t).pValue();
        }
        double[] adjusted = treatments > 1 ? HolmCorrection.adjust(rawP) : rawP.clone();
        Long required = requiredPerVariant(experiment, samples, control);

        List<VariantResult> results = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Experiment.Variant v = experiment.variants().get(i);
            WelchTTest.Summary s = WelchTTest.Summary.of(samples.get(i));
            double[] ci = metric.isProportion()
                    ? TwoProportionZTest.wilsonInterval(successes(samples.get(i)), s.n(), experiment.alpha())
                    : s.confidenceInterval(experiment.alpha());
            results.add(new VariantResult(v.name(), v.promptVersion(), v.weight(), s.n(), s.mean(), ci,
                    i == 0 ? null : effects[i - 1], i == 0 ? null : rawP[i - 1], i == 0 ? null : adjusted[i - 1]));
        }
        return new Result(results, required, recommend(experiment, results, required));
    }

    private static Recommendation recommend(Experiment e, List<VariantResult> results, Long required) {
        boolean higherBetter = e.primaryMetric().higherIsBetter();
        List<String> reasons = new ArrayList<>();
        VariantResult control = results.get(0);
        VariantResult worst = null;
        VariantResult best = null;
        for (VariantResult r : results.subList(1, results.size())) {
            boolean significant = r.adjustedPValue() != null && r.adjustedPValue() < e.alpha();
            boolean better = higherBetter ? r.effect() > 0 : r.effect() < 0;
            if (significant && !better && (worst == null || Math.abs(r.effect()) > Math.abs(worst.effect()))) {
                worst = r;
            }
            if (significant && better && (best == null || Math.abs(r.effect()) > Math.abs(best.effect()))) {
                best = r;
            }
        }
        if (worst != null) {
            reasons.add(String.format("%s is significantly worse than control %s on %s: effect %.4g, adjusted p = %.4g < alpha %.3g",
                    worst.name(), control.name(), e.primaryMetric(), worst.effect(), worst.adjustedPValue(), e.alpha()));
            return new Recommendation(Action.STOP, worst.name(), reasons);
        }
        long smallest = results.stream().mapToLong(VariantResult::n).min().orElse(0);
        if (required == null || smallest < required) {
            if (required == null) {
                reasons.add("every variant needs at least 2 observations before the required sample size can be estimated");
            } else {
                reasons.add(String.format("the power calculation needs %d observations per variant to detect %s of %.4g"
                                + " at alpha %.3g with power %.2f; the smallest variant has %d, so %d more are needed",
                        required, e.primaryMetric(), e.minimumDetectableEffect(), e.alpha(), e.power(), smallest,
                        required - smallest));
            }
            return new Recommendation(Action.CONTINUE, null, reasons);
        }
        if (best != null) {
            reasons.add(String.format("%s beats control %s on %s: effect %.4g, adjusted p = %.4g < alpha %.3g, with %d"
                            + " or more observations per variant (required %d)",
                    best.name(), control.name(), e.primaryMetric(), best.effect(), best.adjustedPValue(), e.alpha(),
                    smallest, required));
            return new Recommendation(Action.PROMOTE, best.name(), reasons);
        }
        reasons.add(String.format("no variant differs significantly from control %s on %s at alpha %.3g with the required"
                + " %d observations per variant", control.name(), e.primaryMetric(), e.alpha(), required));
        return new Recommendation(Action.KEEP, control.name(), reasons);
    }

    private static Long requiredPerVariant(Experiment e, List<double[]> samples, WelchTTest.Summary control) {
        if (e.primaryMetric().isProportion()) {
            double baseline = control.n() == 0 ? 0.5 : control.mean();
            double delta = e.minimumDetectableEffect();
            // Detect a change in the harder direction (towards 0.5), staying inside (0, 1).
            double target = baseline + delta <= 1 ? delta : -delta;
            return SampleSize.forProportions(baseline, target, e.alpha(), e.power());
        }
        double pooledSs = 0;
        long pooledDf = 0;
        for (double[] sample : samples) {
            WelchTTest.Summary s = WelchTTest.Summary.of(sample);
            if (s.n() < 2) {
                return null;
            }
            pooledSs += s.variance() * (s.n() - 1);
            pooledDf += s.n() - 1;
        }
        double sigma = Math.sqrt(pooledSs / pooledDf);
        return sigma == 0 ? 2L : Math.max(2L, SampleSize.forMeans(sigma, e.minimumDetectableEffect(), e.alpha(), e.power()));
    }

    private static long successes(double[] values) {
        long s = 0;
        for (double v : values) {
            if (v >= 0.5) {
                s++;
            }
        }
        return s;
    }

    /** The JSON shape of GET /api/experiments/{id}/results. */
    public static Map<String, Object> describe(Experiment e, Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experimentId", e.id());
        body.put("status", e.status().name());
        body.put("primaryMetric", e.primaryMetric().name());
        body.put("test", e.primaryMetric().isProportion() ? "two-proportion z-test" : "Welch t-test");
        body.put("correction", e.variants().size() > 2 ? "Holm" : "none");
        body.put("alpha", e.alpha());
        body.put("power", e.power());
        body.put("minimumDetectableEffect", e.minimumDetectableEffect());
        body.put("requiredSampleSizePerVariant", result.requiredPerVariant());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantResult v : result.variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("promptVersion", v.promptVersion());
            m.put("weight", v.weight());
            m.put("n", v.n());
            m.put("mean", finite(v.mean()));
            m.put("confidenceInterval", java.util.Arrays.asList(finite(v.ci()[0]), finite(v.ci()[1])));
            if (v.effect() != null) {
                m.put("effectVsControl", finite(v.effect()));
                m.put("pValue", finite(v.pValue()));
                m.put("adjustedPValue", finite(v.adjustedPValue()));
            }
            variants.add(m);
        }
        body.put("variants", variants);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", result.recommendation().action().name());
        rec.put("variant", result.recommendation().variant());
        rec.put("reasons", result.recommendation().reasons());
        body.put("recommendation", rec);
        return body;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
