package io.medextract.handlers.experiments;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.stats.HolmCorrection;
import io.medextract.handlers.stats.MixtureSequentialTest;
import io.medextract.handlers.stats.Moments;
import io.medextract.handlers.stats.SampleSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;

/**
 * The statistics of an experiment and the decision they support, on an always-valid boundary: each treatment
 * against the control with the mixture sequential probability ratio test (see {@link MixtureSequentialTest}),
 * looked at after every hour of data, Holm-adjusted across treatments; guardrails (latency, cost, failure rate)
 * tested the same way; the sequential sample size and the days it will take at the traffic seen so far.
 *
 * <p>Every action follows the boundary: PROMOTE when a treatment crossed it in the better direction and no
 * guardrail crossed in the worse; STOP when a treatment crossed in the worse direction (or only guardrail-blocked
 * treatments are left); KEEP when every treatment's confidence sequence lies within plus or minus the minimum
 * detectable effect (no difference that matters, either way); CONTINUE otherwise. Looks before {@value SequentialComparison#MINIMUM_PER_VARIANT}
 * observations per arm do not count.
 */
public final class ExperimentAnalysis {

    /** What to do next. */
    public enum Action { PROMOTE, KEEP, CONTINUE, STOP }

    /** Where a treatment stands against the primary metric's boundary. */
    public enum Boundary { BETTER, WORSE, NOT_CROSSED }

    /** The metrics that can block a promotion, with the direction that counts as worse. */
    static final List<PrimaryMetric> GUARDRAILS = List.of(PrimaryMetric.LATENCY, PrimaryMetric.COST,
            PrimaryMetric.SUCCESS_RATE);

    /** One guardrail of one treatment against the control. */
    public record Guardrail(PrimaryMetric metric, double effect, double alwaysValidPValue, double[] confidenceSequence,
                            boolean worse) {}

    /** A treatment against the control on the primary metric. */
    public record Comparison(double effect, double alwaysValidPValue, double adjustedPValue, double[] confidenceSequence,
                             Boundary boundary, boolean withinMinimumEffect, List<Guardrail> guardrails) {

        boolean guardrailWorse() {
            return guardrails.stream().anyMatch(Guardrail::worse);
        }
    }

    /** Per-variant figures; {@code vsControl} is null for the control. */
    public record VariantResult(String name, String promptVersion, int weight, long n, double mean, Long requiredN,
                                Comparison vsControl) {}

    /**
     * The sequential design: mixing variance, boundary in standard errors at the planned sample, the single-look
     * sample size for comparison, observations per day so far and the days still needed (null when unknown).
     */
    public record Plan(double tauSquared, double boundaryInStandardErrors, Long fixedHorizonPerVariant,
                       Double observationsPerDay, Double expectedMoreDays) {}

    /** The recommendation and why. */
    public record Recommendation(Action action, String variant, List<String> reasons) {}

    /** The whole analysis. */
    public record Result(List<VariantResult> variants, Plan plan, int looks, Recommendation recommendation) {}

    private ExperimentAnalysis() {}

    /** Convenience for raw extractions (tests, small experiments): bins them by hour first. */
    public static Result analyseRecords(Experiment experiment, List<ExtractionRecord> records, Instant now) {
        return analyse(experiment, VariantHourSums.fromRecords(records), now);
    }

    public static Result analyse(Experiment e, List<VariantHourSums> sums, Instant now) {
        PrimaryMetric metric = e.primaryMetric();
        List<Experiment.Variant> variants = e.variants();
        List<Instant> hours = sums.stream().map(VariantHourSums::hour).distinct().sorted().toList();
        List<List<Moments>> primary = new ArrayList<>();
        Map<PrimaryMetric, List<List<Moments>>> guardrailLooks = new LinkedHashMap<>();
        for (Experiment.Variant v : variants) {
            primary.add(cumulative(sums, hours, v.name(), metric));
            for (PrimaryMetric g : guardrailsFor(metric)) {
                guardrailLooks.computeIfAbsent(g, k -> new ArrayList<>()).add(cumulative(sums, hours, v.name(), g));
            }
        }
        int treatments = variants.size() - 1;
        double alpha = e.alpha();
        double perComparisonAlpha = alpha / treatments;
        MixtureSequentialTest.Design design = MixtureSequentialTest.design(e.minimumDetectableEffect(),
                perComparisonAlpha, e.power());
        SequentialComparison.Model model = SequentialComparison.primary(metric, e.minimumDetectableEffect(),
                design.tauSquared());

        SequentialComparison.Outcome[] outcomes = new SequentialComparison.Outcome[treatments];
        double[] rawP = new double[treatments];
        for (int i = 1; i <= treatments; i++) {
            outcomes[i - 1] = SequentialComparison.of(primary.get(0), primary.get(i), model, perComparisonAlpha);
            rawP[i - 1] = outcomes[i - 1].alwaysValidPValue();
        }
        double[] adjusted = treatments > 1 ? HolmCorrection.adjust(rawP) : rawP.clone();

        long[] observed = primary.stream().mapToLong(l -> last(l).n()).toArray();
        double[] planning = planningVariances(e, primary);
        long[] required = planning == null ? null : requiredPerVariant(e, planning);
        Plan plan = plan(e, design, primary, observed, required, hours, now, perComparisonAlpha);

        List<VariantResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Experiment.Variant v = variants.get(i);
            Comparison c = null;
            if (i > 0) {
                SequentialComparison.Outcome o = outcomes[i - 1];
                List<Guardrail> guards = new ArrayList<>();
                for (Map.Entry<PrimaryMetric, List<List<Moments>>> g : guardrailLooks.entrySet()) {
                    SequentialComparison.Outcome go = SequentialComparison.of(g.getValue().get(0), g.getValue().get(i),
                            SequentialComparison.guardrail(g.getKey()), alpha);
                    boolean worse = go.alwaysValidPValue() < alpha
                            && (g.getKey().higherIsBetter() ? go.direction() < 0 : go.direction() > 0);
                    guards.add(new Guardrail(g.getKey(), go.effect(), go.alwaysValidPValue(), go.confidenceSequence(), worse));
                }
                Boundary boundary = adjusted[i - 1] < alpha && o.direction() != 0
                        ? (o.direction() > 0) == metric.higherIsBetter() ? Boundary.BETTER : Boundary.WORSE
                        : Boundary.NOT_CROSSED;
                double[] cs = o.confidenceSequence();
                boolean excludes = cs != null && cs[0] > -e.minimumDetectableEffect()
                        && cs[1] < e.minimumDetectableEffect();
                c = new Comparison(o.effect(), o.alwaysValidPValue(), adjusted[i - 1], cs, boundary, excludes, guards);
            }
            results.add(new VariantResult(v.name(), v.promptVersion(), v.weight(), observed[i], last(primary.get(i)).mean(),
                    required == null ? null : required[i], c));
        }
        int looks = (int) java.util.stream.IntStream.range(0, hours.size()).filter(k -> primary.stream()
                .allMatch(l -> l.get(k).n() >= SequentialComparison.MINIMUM_PER_VARIANT)).count();
        return new Result(results, plan, looks, recommend(e, results, plan));
    }

    private static Recommendation recommend(Experiment e, List<VariantResult> results, Plan plan) {
        PrimaryMetric metric = e.primaryMetric();
        VariantResult control = results.get(0);
        List<VariantResult> treatments = results.subList(1, results.size());
        List<String> reasons = new ArrayList<>();
        VariantResult best = null;
        VariantResult worst = null;
        for (VariantResult r : treatments) {
            Comparison c = r.vsControl();
            if (c.boundary() == Boundary.BETTER && !c.guardrailWorse()
                    && (best == null || Math.abs(c.effect()) > Math.abs(best.vsControl().effect()))) {
                best = r;
            }
            if (c.boundary() == Boundary.WORSE
                    && (worst == null || Math.abs(c.effect()) > Math.abs(worst.vsControl().effect()))) {
                worst = r;
            }
        }
        for (VariantResult r : treatments) {
            Comparison c = r.vsControl();
            for (Guardrail g : c.guardrails()) {
                if (g.worse()) {
                    reasons.add(String.format("%s cannot be promoted: it is significantly worse than %s on guardrail %s"
                                    + " (effect %.4g, always-valid p = %.4g < alpha %.3g)", r.name(), control.name(),
                            guardrailName(g.metric()), guardrailEffect(g), g.alwaysValidPValue(), e.alpha()));
                }
            }
        }
        if (best != null) {
            reasons.add(0, String.format("%s beats %s on %s: effect %.4g, always-valid confidence sequence %s,"
                            + " adjusted always-valid p = %.4g < alpha %.3g; no guardrail is worse",
                    best.name(), control.name(), metric, best.vsControl().effect(),
                    interval(best.vsControl().confidenceSequence()), best.vsControl().adjustedPValue(), e.alpha()));
            return new Recommendation(Action.PROMOTE, best.name(), reasons);
        }
        if (worst != null) {
            reasons.add(0, String.format("%s is worse than %s on %s: effect %.4g, always-valid confidence sequence %s,"
                            + " adjusted always-valid p = %.4g < alpha %.3g", worst.name(), control.name(), metric,
                    worst.vsControl().effect(), interval(worst.vsControl().confidenceSequence()),
                    worst.vsControl().adjustedPValue(), e.alpha()));
            return new Recommendation(Action.STOP, worst.name(), reasons);
        }
        boolean allSettled = treatments.stream().allMatch(r -> r.vsControl().guardrailWorse()
                || r.vsControl().withinMinimumEffect());
        if (allSettled) {
            boolean anyBlocked = treatments.stream().anyMatch(r -> r.vsControl().guardrailWorse());
            for (VariantResult r : treatments) {
                if (!r.vsControl().guardrailWorse()) {
                    reasons.add(String.format("%s: the always-valid confidence sequence %s for its effect on %s lies"
                                    + " within plus or minus the minimum detectable effect %.4g", r.name(),
                            interval(r.vsControl().confidenceSequence()), metric, e.minimumDetectableEffect()));
                }
            }
            return anyBlocked ? new Recommendation(Action.STOP, null, reasons)
                    : new Recommendation(Action.KEEP, control.name(), reasons);
        }
        long smallest = results.stream().mapToLong(VariantResult::n).min().orElse(0);
        if (smallest < SequentialComparison.MINIMUM_PER_VARIANT) {
            reasons.add(String.format("no decision before %d observations per variant; the smallest has %d",
                    SequentialComparison.MINIMUM_PER_VARIANT, smallest));
        } else {
            reasons.add(String.format("no variant has crossed the always-valid boundary on %s at alpha %.3g",
                    metric, e.alpha()));
        }
        if (results.get(0).requiredN() == null) {
            reasons.add("every variant needs at least 2 observations before the sample size can be planned");
        } else {
            StringBuilder need = new StringBuilder(String.format("the sequential plan needs %s observations to detect"
                    + " %.4g on %s with power %.2f", requiredText(results), e.minimumDetectableEffect(), metric, e.power()));
            if (plan.expectedMoreDays() != null) {
                need.append(plan.expectedMoreDays() <= 0 ? "; that sample is reached"
                        : "; " + moreDays(plan.expectedMoreDays()) + " at the traffic so far");
            }
            reasons.add(need.toString());
        }
        return new Recommendation(Action.CONTINUE, null, reasons);
    }

    /**
     * Observations per variant at which the planned power is reached on the sequential boundary, given the
     * per-observation variances of control and treatment ({@code variances[0]}, {@code variances[1]}): the
     * total N with Var(estimate) = variances[0] / (N w_control) + variances[1] / (N w_treatment) at the design's
     * planned variance, for the least-weighted treatment; then N times each weight, at least the minimum sample.
     */
    static long[] requiredPerVariant(Experiment e, double[] variances) {
        MixtureSequentialTest.Design design = MixtureSequentialTest.design(e.minimumDetectableEffect(),
                e.alpha() / (e.variants().size() - 1), e.power());
        List<Experiment.Variant> variants = e.variants();
        double wc = variants.get(0).weight() / 100.0;
        double total = 0;
        for (int i = 1; i < variants.size(); i++) {
            double wt = variants.get(i).weight() / 100.0;
            total = Math.max(total, (variances[0] / wc + variances[1] / wt) / design.plannedVariance());
        }
        long[] required = new long[variants.size()];
        for (int i = 0; i < variants.size(); i++) {
            required[i] = Math.max(SequentialComparison.MINIMUM_PER_VARIANT,
                    (long) Math.ceil(total * variants.get(i).weight() / 100.0));
        }
        return required;
    }

    /**
     * Per-observation variances of control and treatment to plan with. Rates: the control's rate and the rate
     * one MDE away in the harder direction (towards 0.5); otherwise the pooled sample variance (floored).
     */
    private static double[] planningVariances(Experiment e, List<List<Moments>> primary) {
        double mde = e.minimumDetectableEffect();
        double floor = mde * mde / 4;
        if (e.primaryMetric().isProportion()) {
            Moments control = last(primary.get(0));
            double baseline = control.n() == 0 ? 0.5 : Math.min(0.999, Math.max(0.001, control.mean()));
            double alternative = Math.min(0.999999, Math.max(0.000001, SampleSize.harderAlternative(baseline, mde)));
            return new double[] {Math.max(floor, baseline * (1 - baseline)),
                    Math.max(floor, alternative * (1 - alternative))};
        }
        double ss = 0;
        long df = 0;
        for (List<Moments> arm : primary) {
            Moments m = last(arm);
            if (m.n() < 2) {
                return null;
            }
            ss += m.variance() * (m.n() - 1);
            df += m.n() - 1;
        }
        double pooled = Math.max(floor, ss / df);
        return new double[] {pooled, pooled};
    }

    private static Plan plan(Experiment e, MixtureSequentialTest.Design design, List<List<Moments>> primary,
                             long[] observed, long[] required, List<Instant> hours, Instant now, double alpha) {
        Long fixed = null;
        double[] variances = planningVariances(e, primary);
        if (variances != null) {
            if (e.primaryMetric().isProportion()) {
                double baseline = Math.min(0.999, Math.max(0.001, last(primary.get(0)).n() == 0 ? 0.5
                        : last(primary.get(0)).mean()));
                fixed = SampleSize.forProportions(baseline,
                        SampleSize.harderAlternative(baseline, e.minimumDetectableEffect()) - baseline, alpha, e.power());
            } else {
                fixed = SampleSize.forMeans(Math.sqrt(variances[0]), e.minimumDetectableEffect(), alpha, e.power());
            }
        }
        Instant start = e.startedAt() != null ? e.startedAt() : hours.isEmpty() ? null : hours.get(0);
        Double perDay = null;
        Double moreDays = null;
        double elapsedDays = start == null ? 0 : Duration.between(start, now).toSeconds() / 86_400.0;
        long total = Arrays.stream(observed).sum();
        if (elapsedDays > 0 && total > 0) {
            perDay = total / elapsedDays;
            if (required != null && Arrays.stream(observed).allMatch(n -> n > 0)) {
                double days = 0;
                for (int i = 0; i < observed.length; i++) {
                    days = Math.max(days, Math.max(0, required[i] - observed[i]) / (observed[i] / elapsedDays));
                }
                moreDays = days;
            }
        }
        return new Plan(design.tauSquared(), design.boundaryInStandardErrors(), fixed, perDay, moreDays);
    }

    private static List<Moments> cumulative(List<VariantHourSums> sums, List<Instant> hours, String variant,
                                            PrimaryMetric metric) {
        Map<Instant, Moments> byHour = new LinkedHashMap<>();
        for (VariantHourSums s : sums) {
            if (s.variant().equals(variant)) {
                byHour.merge(s.hour(), s.of(metric), Moments::plus);
            }
        }
        List<Moments> out = new ArrayList<>(hours.size());
        Moments running = Moments.EMPTY;
        for (Instant h : hours) {
            running = running.plus(byHour.getOrDefault(h, Moments.EMPTY));
            out.add(running);
        }
        return out;
    }

    private static List<PrimaryMetric> guardrailsFor(PrimaryMetric primary) {
        return GUARDRAILS.stream().filter(g -> g != primary).toList();
    }

    private static Moments last(List<Moments> looks) {
        return looks.isEmpty() ? Moments.EMPTY : looks.get(looks.size() - 1);
    }

    static String guardrailName(PrimaryMetric metric) {
        return metric == PrimaryMetric.SUCCESS_RATE ? "FAILURE_RATE" : metric.name();
    }

    /** The failure-rate guardrail is reported as a failure rate: the success-rate effect negated. */
    static double guardrailEffect(Guardrail g) {
        return g.metric() == PrimaryMetric.SUCCESS_RATE ? -g.effect() : g.effect();
    }

    private static String interval(double[] cs) {
        return cs == null ? "(none yet)" : String.format("[%.4g, %.4g]", cs[0], cs[1]);
    }

    private static String requiredText(List<VariantResult> results) {
        long first = results.get(0).requiredN();
        boolean same = results.stream().allMatch(r -> r.requiredN() == first);
        if (same) {
            return first + " per variant";
        }
        return String.join(", ", results.stream().map(r -> r.requiredN() + " for " + r.name()).toList());
    }

    /** "about 4 more days" (rounded up, at least 1). */
    static String moreDays(double days) {
        long rounded = Math.max(1, (long) Math.ceil(days));
        return "about " + rounded + (rounded == 1 ? " more day" : " more days");
    }

    /** The JSON shape of GET /api/experiments/{id}/results. */
    public static Map<String, Object> describe(Experiment e, Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experimentId", e.id());
        body.put("status", e.status().name());
        body.put("primaryMetric", e.primaryMetric().name());
        body.put("method", "mSPRT");
        body.put("test", "mixture sequential probability ratio test (normal mixture), always valid");
        body.put("correction", e.variants().size() > 2 ? "Holm" : "none");
        body.put("alpha", e.alpha());
        body.put("power", e.power());
        body.put("minimumDetectableEffect", e.minimumDetectableEffect());
        body.put("minimumSamplePerVariant", SequentialComparison.MINIMUM_PER_VARIANT);
        body.put("varianceFloor", e.minimumDetectableEffect() * e.minimumDetectableEffect() / 4);
        body.put("mixingStandardDeviation", Math.sqrt(result.plan().tauSquared()));
        body.put("looks", result.looks());
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("requiredSampleSizePerVariant", result.variants().get(0).requiredN() == null ? null
                : result.variants().stream().collect(java.util.stream.Collectors.toMap(VariantResult::name,
                        VariantResult::requiredN, (a, b) -> a, LinkedHashMap::new)));
        plan.put("fixedHorizonSampleSizePerVariant", result.plan().fixedHorizonPerVariant());
        plan.put("boundaryInStandardErrors", result.plan().boundaryInStandardErrors());
        plan.put("observationsPerDay", result.plan().observationsPerDay());
        plan.put("expectedMoreDays", result.plan().expectedMoreDays());
        plan.put("expectedDuration", result.plan().expectedMoreDays() == null ? null
                : result.plan().expectedMoreDays() <= 0 ? "planned sample reached"
                : moreDays(result.plan().expectedMoreDays()));
        body.put("plan", plan);
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantResult v : result.variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("promptVersion", v.promptVersion());
            m.put("weight", v.weight());
            m.put("n", v.n());
            m.put("mean", finite(v.mean()));
            if (v.vsControl() != null) {
                Comparison c = v.vsControl();
                m.put("effectVsControl", finite(c.effect()));
                m.put("alwaysValidPValue", finite(c.alwaysValidPValue()));
                m.put("adjustedPValue", finite(c.adjustedPValue()));
                m.put("confidenceSequence", pair(c.confidenceSequence()));
                m.put("boundary", c.boundary().name());
                List<Map<String, Object>> guards = new ArrayList<>();
                for (Guardrail g : c.guardrails()) {
                    Map<String, Object> gm = new LinkedHashMap<>();
                    gm.put("metric", guardrailName(g.metric()));
                    gm.put("effectVsControl", finite(guardrailEffect(g)));
                    gm.put("alwaysValidPValue", finite(g.alwaysValidPValue()));
                    gm.put("worse", g.worse());
                    guards.add(gm);
                }
                m.put("guardrails", guards);
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

    private static List<Double> pair(double[] values) {
        return values == null ? null : Arrays.asList(finite(values[0]), finite(values[1]));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
