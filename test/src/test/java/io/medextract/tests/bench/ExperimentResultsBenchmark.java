package io.medextract.tests.bench;

import static io.medextract.tests.bench.Percentiles.median;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.experiments.ExperimentAnalysis;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The experiment results core over 10 k, 100 k and 1 M synthetic extractions per arm (two arms, 30 days):
 * the analysis from the hourly sufficient statistics (what a results request reads: one item per hour and
 * variant) next to the same analysis from every raw extraction (what it read before). The first should stay
 * flat in N; the second grows with it, before even counting the DynamoDB pages it would have to read.
 *
 * <p>Run: {@code ./mvnw -q -Pbenchmark -pl test -am verify -DskipTests}
 */
public final class ExperimentResultsBenchmark {

    private static final Instant START = Instant.parse("2026-10-26T00:00:00Z");
    private static final Instant NOW = START.plusSeconds(30L * 24 * 3600);
    private static final int HOURS = 30 * 24;
    /** CPU time of this thread: unlike wall time, blind to waiting for a core on a busy machine. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private ExperimentResultsBenchmark() {}

    public static void main(String[] args) {
        Experiment e = new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "bench", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 50),
                new Experiment.Variant("candidate", "clinical-summary@2", 50)),
                PrimaryMetric.FIELD_COMPLETENESS, 0.01, 0.05, 0.8, ExperimentStatus.RUNNING, 1, START, START, null,
                null, null);
        System.out.printf("%-12s %10s %19s %22s %14s %17s %9s %6s%n", "N per arm", "sum items", "from sums ms (med)",
                "from raw rows ms (med)", "sums cpu ms", "raw rows cpu ms", "action", "same");
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            Random random = new Random(n);
            List<ExtractionRecord> records = new ArrayList<>(2 * n);
            for (int i = 0; i < n; i++) {
                records.add(record(i, "control", 0.80, random));
                records.add(record(i, "candidate", 0.81, random));
            }
            List<VariantHourSums> sums = VariantHourSums.fromRecords(records); // what the hourly job stores

            double[] fromSums = new double[30];
            double[] sumsCpu = new double[30];
            ExperimentAnalysis.Result a = null;
            // Negative rounds warm up untimed, so the first N does not pay for compiling the code.
            for (int round = -10; round < fromSums.length; round++) {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                a = ExperimentAnalysis.analyse(e, sums, NOW);
                if (round >= 0) {
                    fromSums[round] = (System.nanoTime() - t0) / 1e6;
                    sumsCpu[round] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
                }
            }
            double[] fromRaw = new double[5];
            double[] rawCpu = new double[5];
            ExperimentAnalysis.Result b = null;
            for (int round = -2; round < fromRaw.length; round++) {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                b = ExperimentAnalysis.analyseRecords(e, records, NOW);
                if (round >= 0) {
                    fromRaw[round] = (System.nanoTime() - t0) / 1e6;
                    rawCpu[round] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
                }
            }
            boolean same = a.recommendation().equals(b.recommendation());
            System.out.printf("%-12d %10d %19.3f %22.3f %14.3f %17.3f %9s %6s%n", n, sums.size(), median(fromSums),
                    median(fromRaw), median(sumsCpu), median(rawCpu), a.recommendation().action(), same);
        }
    }

    private static ExtractionRecord record(int i, String variant, double completeness, Random random) {
        Instant at = START.plusSeconds((long) random.nextInt(HOURS) * 3600 + random.nextInt(3600));
        boolean ok = random.nextDouble() < 0.97;
        double latency = Math.exp(8.2 + 0.6 * random.nextGaussian());
        double filled = Math.max(0, Math.min(1, completeness + 0.15 * random.nextGaussian()));
        ExtractionRecord queued = ExtractionRecord.queued("ext_" + variant + i, "doc_" + i, "v",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", ExtractionRecord.Trigger.UPLOAD_EVENT, at)
                .inExperiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", variant);
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome((long) latency, 1800, 600,
                0.0144, ok, filled, List.of(), List.of(), Map.of(), "end_turn", null);
        return ok ? queued.succeeded(at, outcome) : queued.failed(at, ErrorCategory.SCHEMA_VIOLATION, "schema", outcome);
    }
}
