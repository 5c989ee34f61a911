package io.medextract.handlers.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.stats.SampleSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.PrimaryMetric;

/** The decisions on synthetic extraction results with known differences, and the four defects of issue 9. */
class ExperimentAnalysisTest {

    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private final Random random = new Random(11);

    // --- regression: STOP used to fire before any sample-size check (10/10 vs 5/10 gave STOP) ---

    @Test
    void stopIsGatedByTheMinimumSampleAndTheBoundary() {
        Experiment e = twoArm(PrimaryMetric.SUCCESS_RATE, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(successes("control", 10, 10));
        records.addAll(successes("candidate", 10, 5));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.CONTINUE);
        assertThat(r.recommendation().reasons().get(0)).contains("no decision before 100 observations per variant");
        assertThat(r.variants().get(1).vsControl().boundary()).isEqualTo(ExperimentAnalysis.Boundary.NOT_CROSSED);
    }

    @Test
    void stopsWhenAVariantIsClearlyWorseOnARateWithEnoughData() {
        Experiment e = twoArm(PrimaryMetric.SUCCESS_RATE, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(successes("control", 400, 380));
        records.addAll(successes("candidate", 400, 320));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.STOP);
        assertThat(r.recommendation().variant()).isEqualTo("candidate");
        assertThat(r.variants().get(1).vsControl().boundary()).isEqualTo(ExperimentAnalysis.Boundary.WORSE);
    }

    // --- regression: zero variance decided at n = 2 ---

    @Test
    void zeroVarianceCannotDecideOnAHandfulOfObservations() {
        Experiment completeness = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.add(record("control", 0, true, 0.9, 3000, START));
        records.add(record("control", 1, true, 0.9, 3000, START));
        records.add(record("candidate", 0, true, 1.0, 3000, START));
        records.add(record("candidate", 1, true, 1.0, 3000, START));
        assertThat(analyse(completeness, records).recommendation().action()).isEqualTo(ExperimentAnalysis.Action.CONTINUE);

        Experiment latency = twoArm(PrimaryMetric.LATENCY, 200);
        List<ExtractionRecord> ms = new ArrayList<>();
        ms.add(record("control", 0, true, 0.9, 3000, START));
        ms.add(record("control", 1, true, 0.9, 3000, START));
        ms.add(record("candidate", 0, true, 0.9, 2999, START));
        ms.add(record("candidate", 1, true, 0.9, 2999, START));
        assertThat(analyse(latency, ms).recommendation().action()).isEqualTo(ExperimentAnalysis.Action.CONTINUE);
    }

    @Test
    void theVarianceFloorKeepsATinyDifferenceOnConstantDataFromWinning() {
        // 300 identical latencies per arm, 1 ms apart: past the minimum sample, but far below the MDE of 200 ms.
        Experiment latency = twoArm(PrimaryMetric.LATENCY, 200);
        List<ExtractionRecord> ms = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ms.add(record("control", i, true, 0.9, 3000, START));
            ms.add(record("candidate", i, true, 0.9, 2999, START));
        }
        ExperimentAnalysis.Result r = analyse(latency, ms);
        assertThat(r.recommendation().action()).isNotEqualTo(ExperimentAnalysis.Action.PROMOTE);
        // it does rule out a difference of 200 ms either way, which is the honest conclusion
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.KEEP);
    }

    // --- regression: the rate sample size was planned in the easier direction (435 instead of 686) ---

    @Test
    void rateSampleSizeIsPlannedInTheHarderDirection() {
        assertThat(SampleSize.harderAlternative(0.9, 0.05)).isEqualTo(0.85, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(SampleSize.harderAlternative(0.1, 0.05)).isEqualTo(0.15, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(SampleSize.harderAlternative(0.97, 0.05)).isEqualTo(0.92, org.assertj.core.api.Assertions.within(1e-12));
        Experiment e = twoArm(PrimaryMetric.SUCCESS_RATE, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(successes("control", 200, 180)); // baseline exactly 0.9
        records.addAll(successes("candidate", 200, 180));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.plan().fixedHorizonPerVariant()).isEqualTo(686L); // single look, harder direction (0.85)
        // the sequential plan asks for more than the single-look plan: the price of looking at any time
        assertThat(r.variants().get(0).requiredN()).isGreaterThan(686L * 3 / 2);
    }

    // --- decisions ---

    @Test
    void promotesABetterVariantOnceTheBoundaryIsCrossed() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 400, 0.70, 0.10));
        records.addAll(completeness("candidate", 400, 0.78, 0.10));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.PROMOTE);
        assertThat(r.recommendation().variant()).isEqualTo("candidate");
        ExperimentAnalysis.Comparison c = r.variants().get(1).vsControl();
        assertThat(c.effect()).isBetween(0.06, 0.10);
        assertThat(c.confidenceSequence()[0]).isGreaterThan(0);
        assertThat(c.confidenceSequence()[1]).isGreaterThan(c.effect());
    }

    @Test
    void aWinnerThatIsSignificantlySlowerIsNotPromoted() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(record("control", i, true, clamp(0.70 + 0.1 * random.nextGaussian()),
                    3000 + 300 * random.nextGaussian(), START));
            records.add(record("candidate", i, true, clamp(0.80 + 0.1 * random.nextGaussian()),
                    4500 + 300 * random.nextGaussian(), START));
        }
        ExperimentAnalysis.Result r = analyse(e, records);
        ExperimentAnalysis.Comparison c = r.variants().get(1).vsControl();
        assertThat(c.boundary()).isEqualTo(ExperimentAnalysis.Boundary.BETTER);
        assertThat(c.guardrails()).filteredOn(ExperimentAnalysis.Guardrail::worse)
                .extracting(ExperimentAnalysis.Guardrail::metric).containsExactly(PrimaryMetric.LATENCY);
        assertThat(r.recommendation().action()).isNotEqualTo(ExperimentAnalysis.Action.PROMOTE);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.STOP);
        assertThat(String.join(" ", r.recommendation().reasons())).contains("guardrail LATENCY");
    }

    @Test
    void aWinnerThatFailsMoreOftenIsNotPromoted() {
        Experiment e = twoArm(PrimaryMetric.LATENCY, 300);
        List<ExtractionRecord> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            records.add(record("control", i, random.nextDouble() < 0.98, 0.9, 4000 + 500 * random.nextGaussian(), START));
            records.add(record("candidate", i, random.nextDouble() < 0.85, 0.9, 3000 + 500 * random.nextGaussian(), START));
        }
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.variants().get(1).vsControl().boundary()).isEqualTo(ExperimentAnalysis.Boundary.BETTER);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.STOP);
        assertThat(String.join(" ", r.recommendation().reasons())).contains("guardrail FAILURE_RATE");
    }

    @Test
    void keepsTheControlWhenADifferenceOfTheMdeIsRuledOutEitherWay() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 1500, 0.75, 0.10));
        records.addAll(completeness("candidate", 1500, 0.75, 0.10));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.KEEP);
        assertThat(r.variants().get(1).vsControl().confidenceSequence()[1]).isLessThan(0.05);
        assertThat(r.variants().get(1).vsControl().confidenceSequence()[0]).isGreaterThan(-0.05);
    }

    @Test
    void continuesWithTheDaysStillNeededAtTheTrafficSoFar() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.02).with(ExperimentStatus.RUNNING, START);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 200, 0.75, 0.10));
        records.addAll(completeness("candidate", 200, 0.75, 0.10));
        // 400 observations over 2 days: 100 per arm and day
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyseRecords(e, records, START.plus(Duration.ofDays(2)));
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.CONTINUE);
        long required = r.variants().get(0).requiredN();
        // sigma 0.1, mde 0.02: 393 per variant for a single look; about twice that on the always-valid boundary
        assertThat(r.plan().fixedHorizonPerVariant()).isBetween(360L, 430L);
        assertThat(required).isBetween(700L, 850L);
        assertThat(r.plan().observationsPerDay()).isCloseTo(200.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.plan().expectedMoreDays()).isCloseTo((required - 200) / 100.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(String.join(" ", r.recommendation().reasons()))
                .contains("about " + (long) Math.ceil((required - 200) / 100.0) + " more days at the traffic so far");
    }

    @Test
    void lowerIsBetterForLatencyAndHolmAppliesToThreeVariants() {
        Experiment e = new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "t", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 34),
                new Experiment.Variant("fast", "clinical-summary@2", 33),
                new Experiment.Variant("same", "clinical-summary@3", 33)),
                PrimaryMetric.LATENCY, 500, 0.05, 0.8, ExperimentStatus.RUNNING, 1, START, null, null, null, null);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(latency("control", 300, 4000, 800));
        records.addAll(latency("fast", 300, 3000, 800));
        records.addAll(latency("same", 300, 4000, 800));
        ExperimentAnalysis.Result r = analyse(e, records);
        assertThat(r.variants().get(1).vsControl().adjustedPValue())
                .isGreaterThanOrEqualTo(r.variants().get(1).vsControl().alwaysValidPValue());
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.PROMOTE);
        assertThat(r.recommendation().variant()).isEqualTo("fast");
        assertThat(ExperimentAnalysis.describe(e, r)).containsEntry("correction", "Holm");
    }

    private ExperimentAnalysis.Result analyse(Experiment e, List<ExtractionRecord> records) {
        return ExperimentAnalysis.analyseRecords(e, records, START.plus(Duration.ofDays(1)));
    }

    static Experiment twoArm(PrimaryMetric metric, double mde) {
        return new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "t", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 50),
                new Experiment.Variant("candidate", "clinical-summary@2", 50)),
                metric, mde, 0.05, 0.8, ExperimentStatus.RUNNING, 1, START, null, null, null, null);
    }

    private List<ExtractionRecord> completeness(String variant, int n, double mean, double sd) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(variant, i, true, clamp(mean + sd * random.nextGaussian()), 3000, at(i)));
        }
        return out;
    }

    private static List<ExtractionRecord> successes(String variant, int n, int succeeded) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(variant, i, i < succeeded, 0.9, 3000, at(i)));
        }
        return out;
    }

    private List<ExtractionRecord> latency(String variant, int n, double mean, double sd) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(variant, i, true, 0.9, Math.max(100, mean + sd * random.nextGaussian()), at(i)));
        }
        return out;
    }

    /** Spreads observations over hours, 50 per hour, so there are several looks. */
    private static Instant at(int i) {
        return START.plus(Duration.ofHours(i / 50));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static ExtractionRecord record(String variant, int i, boolean ok, double completeness, double latency, Instant at) {
        ExtractionRecord q = ExtractionRecord.queued("ext_" + variant + i, "doc_" + i, "v", "m",
                ExtractionRecord.Trigger.UPLOAD_EVENT, at).inExperiment("exp_x", variant);
        ExtractionRecord.ModelOutcome o = new ExtractionRecord.ModelOutcome((long) latency, 1000, 500, 0.003, ok,
                completeness, List.of(), List.of(), Map.of(), "end_turn", "{}");
        return ok ? q.succeeded(at, o) : q.failed(at, ErrorCategory.SCHEMA_VIOLATION, "x", o);
    }
}
