package io.medextract.handlers.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The recommendation logic on synthetic extraction results with known differences. */
class ExperimentAnalysisTest {

    private final Random random = new Random(11);

    @Test
    void continuesWhileTheSampleIsTooSmallEvenIfTheDifferenceLooksLarge() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.02);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 30, 0.70, 0.10));
        records.addAll(completeness("candidate", 30, 0.80, 0.10));
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyse(e, records);
        assertThat(r.variants().get(1).adjustedPValue()).isLessThan(0.05);
        assertThat(r.requiredPerVariant()).isGreaterThan(30L);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.CONTINUE);
        assertThat(r.recommendation().reasons().get(0)).contains("more are needed");
    }

    @Test
    void promotesABetterVariantOnceTheRequiredSampleIsReached() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 200, 0.70, 0.10));
        records.addAll(completeness("candidate", 200, 0.78, 0.10));
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyse(e, records);
        assertThat(r.requiredPerVariant()).isLessThanOrEqualTo(200L);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.PROMOTE);
        assertThat(r.recommendation().variant()).isEqualTo("candidate");
        assertThat(r.variants().get(1).effect()).isBetween(0.05, 0.11);
    }

    @Test
    void keepsTheControlWhenThereIsNoDifference() {
        Experiment e = twoArm(PrimaryMetric.FIELD_COMPLETENESS, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(completeness("control", 300, 0.75, 0.10));
        records.addAll(completeness("candidate", 300, 0.75, 0.10));
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.KEEP);
    }

    @Test
    void stopsWhenAVariantIsSignificantlyWorseOnARate() {
        Experiment e = twoArm(PrimaryMetric.SUCCESS_RATE, 0.05);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(successes("control", 400, 0.95));
        records.addAll(successes("candidate", 400, 0.80));
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyse(e, records);
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.STOP);
        assertThat(r.recommendation().variant()).isEqualTo("candidate");
    }

    @Test
    void lowerIsBetterForLatencyAndHolmAppliesToThreeVariants() {
        Experiment e = new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "t", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 34),
                new Experiment.Variant("fast", "clinical-summary@2", 33),
                new Experiment.Variant("same", "clinical-summary@3", 33)),
                PrimaryMetric.LATENCY, 500, 0.05, 0.8, ExperimentStatus.RUNNING, 1, Instant.now(), null, null, null, null);
        List<ExtractionRecord> records = new ArrayList<>();
        records.addAll(latency("control", 150, 4000, 800));
        records.addAll(latency("fast", 150, 3000, 800));
        records.addAll(latency("same", 150, 4000, 800));
        ExperimentAnalysis.Result r = ExperimentAnalysis.analyse(e, records);
        assertThat(r.variants().get(1).adjustedPValue()).isGreaterThanOrEqualTo(r.variants().get(1).pValue());
        assertThat(r.recommendation().action()).isEqualTo(ExperimentAnalysis.Action.PROMOTE);
        assertThat(r.recommendation().variant()).isEqualTo("fast");
        assertThat(ExperimentAnalysis.describe(e, r)).containsEntry("correction", "Holm");
    }

    private Experiment twoArm(PrimaryMetric metric, double mde) {
        return new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "t", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 50),
                new Experiment.Variant("candidate", "clinical-summary@2", 50)),
                metric, mde, 0.05, 0.8, ExperimentStatus.RUNNING, 1, Instant.now(), null, null, null, null);
    }

    private List<ExtractionRecord> completeness(String variant, int n, double mean, double sd) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double c = Math.max(0, Math.min(1, mean + sd * random.nextGaussian()));
            out.add(record(variant, i, true, c, 3000));
        }
        return out;
    }

    private List<ExtractionRecord> successes(String variant, int n, double rate) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(variant, i, random.nextDouble() < rate, 0.9, 3000));
        }
        return out;
    }

    private List<ExtractionRecord> latency(String variant, int n, double mean, double sd) {
        List<ExtractionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(variant, i, true, 0.9, Math.max(100, mean + sd * random.nextGaussian())));
        }
        return out;
    }

    private static ExtractionRecord record(String variant, int i, boolean ok, double completeness, double latency) {
        ExtractionRecord q = ExtractionRecord.queued("ext_" + variant + i, "doc_" + i, "v", "m",
                ExtractionRecord.Trigger.UPLOAD_EVENT, Instant.now()).inExperiment("exp_x", variant);
        ExtractionRecord.ModelOutcome o = new ExtractionRecord.ModelOutcome((long) latency, 1000, 500, 0.003, ok,
                completeness, List.of(), List.of(), Map.of(), "end_turn", "{}");
        return ok ? q.succeeded(Instant.now(), o) : q.failed(Instant.now(), ErrorCategory.SCHEMA_VIOLATION, "x", o);
    }
}
