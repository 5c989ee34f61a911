package io.medextract.tests.bench;

import static io.medextract.tests.bench.Percentiles.median;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.metrics.MetricsAggregate;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The summary endpoint's core (merging hourly rollups) over 10 k, 100 k and 1 M synthetic extractions spread
 * across 30 days and two prompt versions, next to the naive alternative (exact quantiles over every raw
 * latency). The rollup side should stay flat in N; the naive side grows with it.
 *
 * <p>Run: {@code ./mvnw -q -Pbenchmark -pl test -am verify -DskipTests}
 */
public final class SummaryBenchmark {

    private static final List<String> FIELDS = List.of("patient", "encounter", "diagnoses", "medications",
            "allergies", "vitals", "labs", "procedures", "providers");
    private static final int ROUNDS = 30;
    private static final int WARMUP_ROUNDS = 10;
    /** CPU time of this thread: unlike wall time, blind to waiting for a core on a busy machine. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SummaryBenchmark() {}

    public static void main(String[] args) {
        Instant start = Instant.parse("2026-10-26T00:00:00Z");
        System.out.printf("%-10s %9s %16s %18s %13s %15s %12s %11s%n", "N", "rollups", "summary ms (med)",
                "naive p99 ms (med)", "summary cpu ms", "naive cpu ms", "p99 sketch", "p99 exact");
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            Random random = new Random(n);
            Map<String, MetricsAggregate> hourly = new HashMap<>();
            double[] latencies = new double[n];
            for (int i = 0; i < n; i++) {
                Instant at = start.plusSeconds(random.nextInt(30 * 24 * 3600));
                String version = random.nextBoolean() ? "clinical-summary@1" : "clinical-summary@2";
                ExtractionRecord r = record(i, at, version, random);
                latencies[i] = r.latencyMs();
                hourly.computeIfAbsent(at.truncatedTo(ChronoUnit.HOURS) + "#" + version, k -> MetricsAggregate.empty()).add(r);
            }
            List<RollupRepository.Rollup> rollups = new ArrayList<>();
            hourly.forEach((key, aggregate) -> rollups.add(new RollupRepository.Rollup(
                    Instant.parse(key.substring(0, key.indexOf('#'))), key.substring(key.indexOf('#') + 1),
                    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", aggregate)));

            double[] summaryMs = new double[ROUNDS];
            double[] naiveMs = new double[ROUNDS];
            double[] summaryCpu = new double[ROUNDS];
            double[] naiveCpu = new double[ROUNDS];
            double sketchP99 = 0;
            double exactP99 = 0;
            // The first rounds compile the code (and the first N would pay for it): warm up untimed.
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                MetricsAggregate merged = MetricsQueries.merge(rollups, Optional.empty());
                sketchP99 = merged.latency().quantile(0.99);
                double summary = (System.nanoTime() - t0) / 1e6;
                long c1 = CPU.getCurrentThreadCpuTime();

                long t1 = System.nanoTime();
                double[] copy = latencies.clone();
                Arrays.sort(copy);
                exactP99 = copy[(int) Math.ceil(0.99 * copy.length) - 1];
                double naive = (System.nanoTime() - t1) / 1e6;
                long c2 = CPU.getCurrentThreadCpuTime();
                if (round >= 0) {
                    summaryMs[round] = summary;
                    naiveMs[round] = naive;
                    summaryCpu[round] = (c1 - c0) / 1e6;
                    naiveCpu[round] = (c2 - c1) / 1e6;
                }
            }
            System.out.printf("%-10d %9d %16.3f %18.3f %13.3f %15.3f %12.1f %11.1f%n", n, rollups.size(),
                    median(summaryMs), median(naiveMs), median(summaryCpu), median(naiveCpu), sketchP99, exactP99);
        }
    }

    private static ExtractionRecord record(int i, Instant at, String version, Random random) {
        boolean ok = random.nextDouble() < 0.97;
        double latency = Math.exp(8.2 + 0.6 * random.nextGaussian());
        List<String> filled = FIELDS.stream().filter(f -> random.nextDouble() < 0.9).toList();
        ExtractionRecord queued = ExtractionRecord.queued("ext_" + i, "doc_" + i, version,
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", ExtractionRecord.Trigger.UPLOAD_EVENT, at);
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome((long) latency, 1800, 600,
                0.0144, ok, filled.size() / 9.0, filled, FIELDS, Map.of("diagnoses", 3), "end_turn", null);
        return ok ? queued.succeeded(at, outcome)
                : queued.failed(at, ErrorCategory.SCHEMA_VIOLATION, "schema", outcome);
    }
}
