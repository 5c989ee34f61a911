package io.medextract.tests.bench;

import static io.medextract.tests.bench.Percentiles.nearestRank;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.tests.local.DynamoDbRequestLog;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.MutableClock;
import io.medextract.tests.local.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the scheduled rollup costs and what its raw tail costs the readers, the two sides of the rollup
 * interval. Against dynalite with the real SDK, on Lambda's JIT flags (C1 only):
 * <ol>
 *   <li>one scheduled run as a function of the hour's traffic: a run re-rolls the whole hour, so it reads every
 *       item of it (DynamoDB items and response bytes read, requests, CPU time of the run);</li>
 *   <li>a warm {@code GET /api/metrics/summary} as a function of the rows in the raw tail (CPU time);</li>
 *   <li>from both, per schedule interval: runs and items read per hour of steady traffic (a replay of the run's
 *       hour selection), estimated rollup CPU per hour, and the longest tail a read can meet.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -ntp -q -Pbenchmark -pl test -am verify -DskipTests} (with the other benchmarks).
 */
public final class RollupRunBenchmark {

    private static final PrintStream REPORT = System.out;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Extractions an hour: light use, a busy hour, and above what prod's 20 concurrent workers finish in one. */
    private static final int[] HOURLY = {100, 1_000, 5_000};
    private static final int[] TAIL_ROWS = {0, 10, 50, 200};
    private static final int[] INTERVALS_MINUTES = {1, 2, 5, 10, 15};
    private static final int RUNS = 5;
    private static final int READ_WARMUP = 200;
    private static final int READS = 400;
    private static final List<String> VERSIONS = List.of("clinical-summary@1", "clinical-summary@2");
    private static final List<String> FIELDS = List.of("patient", "diagnoses", "medications", "allergies", "labs");

    /** Hours between the levels' hours: a 24-hour read window sees one level's hour only. */
    private static final Duration LEVEL_SPACING = Duration.ofHours(26);

    /** Medians of one level's measured runs. */
    record RunCost(int hourly, long items, long responseBytes, long indexBytes, double requests, double cpuMs,
                   double wallMs) {}

    /** CPU milliseconds of each measured read, and the DynamoDB requests a read makes. */
    record ReadCost(double[] cpuMs, double requestsPerRead) {}

    private RollupRunBenchmark() {}

    public static void main(String[] args) {
        // The handlers log a line per run and request, as in Lambda.
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        DynamoDbRequestLog log = new DynamoDbRequestLog();
        REPORT.println("JVM: " + Runtime.version() + " " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (LocalPlatform platform = LocalPlatform.start(LocalPlatform.Options.defaults(), log::wrap)) {
            Instant firstHour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(30));
            REPORT.printf("%nOne scheduled run that re-rolls a full hour (median of %d runs)%n", RUNS);
            REPORT.printf("%-14s %11s %12s %9s %12s %12s %13s%n", "extractions/h", "items read", "response KB",
                    "requests", "run cpu ms", "run wall ms", "cpu us/item");
            RunCost[] costs = new RunCost[HOURLY.length];
            for (int i = 0; i < HOURLY.length; i++) {
                Instant hour = firstHour.plus(LEVEL_SPACING.multipliedBy(i));
                costs[i] = runCost(platform, log, hour, HOURLY[i]);
                RunCost c = costs[i];
                REPORT.printf("%-14d %11d %12.1f %9.1f %12.2f %12.2f %13.1f%n", c.hourly(), c.items(),
                        c.responseBytes() / 1024.0, c.requests(), c.cpuMs(), c.wallMs(), 1000 * c.cpuMs() / c.items());
            }
            RunCost small = costs[0];
            RunCost large = costs[costs.length - 1];
            double cpuPerItemMs = (large.cpuMs() - small.cpuMs()) / (large.items() - small.items());
            double cpuPerRunMs = Math.max(0, small.cpuMs() - cpuPerItemMs * small.items());
            // Read units are metered on the items' size in the index, whatever a projection leaves out.
            double bytesPerItem = (double) (large.indexBytes() - small.indexBytes()) / (large.hourly() - small.hourly());

            REPORT.printf("%nA warm GET /api/metrics/summary (24 h) by rows in the raw tail (%d reads after %d)%n",
                    READS, READ_WARMUP);
            REPORT.printf("%-10s %9s %9s %9s %13s%n", "tail rows", "cpu p50", "cpu p99", "requests", "cpu us/row");
            double[] tailP50 = new double[TAIL_ROWS.length];
            for (int i = 0; i < TAIL_ROWS.length; i++) {
                Instant hour = firstHour.plus(LEVEL_SPACING.multipliedBy(HOURLY.length + i));
                ReadCost read = tailReadCost(platform, log, hour, TAIL_ROWS[i]);
                tailP50[i] = nearestRank(read.cpuMs(), 50);
                REPORT.printf("%-10d %9.3f %9.3f %9.1f %13s%n", TAIL_ROWS[i], tailP50[i], nearestRank(read.cpuMs(), 99),
                        read.requestsPerRead(), i == 0 ? "-" : String.format("%.1f",
                                1000 * (tailP50[i] - tailP50[0]) / TAIL_ROWS[i]));
            }
            double tailCpuPerRowMs = (tailP50[TAIL_ROWS.length - 1] - tailP50[0]) / TAIL_ROWS[TAIL_ROWS.length - 1];

            REPORT.printf("%nPer schedule interval, steady traffic (replay of the run's hour selection; cpu and read"
                    + " units from the fits above: %.1f us and %.0f index bytes per item, %.2f ms per run)%n",
                    1000 * cpuPerItemMs, bytesPerItem, cpuPerRunMs);
            REPORT.printf("%-9s %8s %16s %15s %15s %13s %16s%n", "interval", "runs/h", "items read/h", "cpu s/h @1000",
                    "cpu s/h @5000", "RRU/h @5000", "tail max/mean min");
            for (int minutes : INTERVALS_MINUTES) {
                double itemsPerHourTraffic = itemsReadPerHourOfTraffic(minutes);
                double runs = 60.0 / minutes;
                REPORT.printf("%-9s %8.0f %14.1f H %15.2f %15.2f %13.0f %10d / %.1f%n", "rate(" + minutes + ")",
                        runs, itemsPerHourTraffic,
                        (runs * cpuPerRunMs + itemsPerHourTraffic * 1000 * cpuPerItemMs) / 1000,
                        (runs * cpuPerRunMs + itemsPerHourTraffic * 5000 * cpuPerItemMs) / 1000,
                        Math.ceil(itemsPerHourTraffic * 5000 * bytesPerItem / 4096) / 2,
                        minutes + settleMinutes(), settleMinutes() + minutes / 2.0);
            }
            REPORT.printf("%nH = the hour's extractions; RRU = eventually consistent read request units (0.5 per 4 KB,"
                    + " from the index items' JSON bytes, so an upper bound); tail = minutes of traffic a read adds raw"
                    + " (interval + %d min settle margin); one tail row costs a read %.1f us of CPU%n",
                    settleMinutes(), 1000 * tailCpuPerRowMs);
        }
        BenchmarkExit.exit(0);
    }

    /** Writes {@code hourly} extractions spread over {@code hour}, then measures runs that re-roll all of it. */
    private static RunCost runCost(LocalPlatform p, DynamoDbRequestLog log, Instant hour, int hourly) {
        write(p, hour, hour.plus(1, ChronoUnit.HOURS), hourly, "h" + hourly);
        // Runs whose watermark lies between the hour's end and its finality: each re-rolls the hour in full.
        Instant first = hour.plus(1, ChronoUnit.HOURS).plus(HourlyRollup.SETTLE_MARGIN).plusSeconds(1);
        double[] cpu = new double[RUNS];
        double[] wall = new double[RUNS];
        double[] requests = new double[RUNS];
        long items = 0;
        long bytes = 0;
        for (int i = -2; i < RUNS; i++) { // two untimed runs: the first compiles the code
            log.clear();
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            JsonNode answer = LocalPlatform.JSON.valueToTree(
                    p.hourlyRollup.runAt(first.plus(Duration.ofSeconds(10L * (i + 2)))));
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            if (answer.path("extractions").asLong() != hourly) {
                throw new IllegalStateException("the run rolled " + answer + ", expected " + hourly + " extractions");
            }
            if (i >= 0) {
                cpu[i] = (c1 - c0) / 1e6;
                wall[i] = (t1 - t0) / 1e6;
                requests[i] = log.requests().size();
                items = itemsRead(log);
                bytes = log.requests().stream().mapToLong(r -> r.response().length()).sum();
            }
        }
        return new RunCost(hourly, items, bytes, indexBytes(p, log, hour), nearestRank(requests, 50),
                nearestRank(cpu, 50), nearestRank(wall, 50));
    }

    /** JSON bytes of the hour's whole items in the byCompletedHour index (what read units are metered on). */
    private static long indexBytes(LocalPlatform p, DynamoDbRequestLog log, Instant hour) {
        log.clear();
        p.clients.dynamoDb().queryPaginator(b -> b.tableName(p.resultsTable).indexName("byCompletedHour")
                        .keyConditionExpression("completedHour = :h")
                        .expressionAttributeValues(Map.of(":h",
                                AttributeValue.fromS(ExtractionRepository.HOUR.format(hour)))))
                .items().forEach(item -> { });
        return log.requests().stream().mapToLong(r -> r.response().length()).sum();
    }

    /** CPU milliseconds of warm summary reads whose window's current hour has {@code tailRows} raw rows. */
    private static ReadCost tailReadCost(LocalPlatform p, DynamoDbRequestLog log, Instant hour, int tailRows) {
        Instant runAt = hour.plus(Duration.ofMinutes(30));
        write(p, hour, runAt.minus(HourlyRollup.SETTLE_MARGIN), 100, "rolled" + tailRows);
        p.hourlyRollup.runAt(runAt);
        // The tail: completed after the run's watermark, before the reads.
        write(p, HourlyRollup.watermarkAt(runAt), runAt.plusSeconds(30), tailRows, "tail" + tailRows);
        MutableClock clock = new MutableClock();
        clock.set(runAt.plusSeconds(40));
        RequestStreamHandler metrics = p.metricsAt(clock);
        byte[] event = ApiGatewayEvents.event("GET", "/api/metrics/summary", Map.of(), Map.of(), null);
        for (int i = 0; i < READ_WARMUP; i++) {
            invoke(metrics, event);
        }
        double[] cpu = new double[READS];
        long requests = 0;
        for (int i = 0; i < READS; i++) {
            log.clear();
            long c0 = CPU.getCurrentThreadCpuTime();
            JsonNode answer = invoke(metrics, event);
            cpu[i] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
            requests += log.requests().size();
            if (answer.path("statusCode").asInt() != 200) {
                throw new IllegalStateException("summary failed: " + answer);
            }
        }
        return new ReadCost(cpu, (double) requests / READS);
    }

    private static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.fresh());
            return LocalPlatform.JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} finished extractions completed evenly over [from, to), as the workers store them. */
    private static void write(LocalPlatform p, Instant from, Instant to, int count, String tag) {
        Random random = new Random(tag.hashCode());
        long span = Duration.between(from, to).toMillis();
        for (int i = 0; i < count; i++) {
            Instant at = from.plusMillis(span * i / Math.max(1, count));
            String version = VERSIONS.get(random.nextInt(VERSIONS.size()));
            ExtractionRecord queued = ExtractionRecord.queued("ext_" + tag + "_" + i, "doc_" + tag + "_" + i,
                    version, "us.anthropic.claude-sonnet-4-5-20250929-v1:0", ExtractionRecord.Trigger.UPLOAD_EVENT,
                    at.minusSeconds(20));
            List<String> filled = FIELDS.stream().filter(f -> random.nextDouble() < 0.9).toList();
            ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome(
                    (long) Math.exp(8.2 + 0.6 * random.nextGaussian()), 1800, 600, 0.0144, true,
                    (double) filled.size() / FIELDS.size(), filled, FIELDS, Map.of("diagnoses", 3), "end_turn", "{}");
            p.extractions.createIfAbsent(random.nextDouble() < 0.97 ? queued.succeeded(at, outcome)
                    : queued.failed(at, ErrorCategory.SCHEMA_VIOLATION, "schema", outcome));
        }
    }

    /** Items the logged Query calls returned. */
    private static long itemsRead(DynamoDbRequestLog log) {
        long items = 0;
        for (DynamoDbRequestLog.Request r : log.requests()) {
            if (r.operation().equals("Query")) {
                try {
                    items += LocalPlatform.JSON.readTree(r.response()).path("Count").asLong();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return items;
    }

    /**
     * Items the scheduled runs read per hour, in units of the hour's traffic, under steady traffic visible at
     * once: HourlyRollup's choice of hours (the watermark's hour and the {@code HOURS_LOOKED_BACK} before it,
     * skipping final ones and ones already rolled that far) with each chosen hour read in full as far as it has
     * happened. Averaged over the schedule's offset within the hour.
     */
    static double itemsReadPerHourOfTraffic(int intervalMinutes) {
        long settle = settleMinutes();
        long late = HourlyRollup.LATE_WRITE_WINDOW.toMinutes();
        int hoursSimulated = 48;
        double total = 0;
        for (int offset = 0; offset < intervalMinutes; offset++) {
            Map<Long, Long> marks = new java.util.HashMap<>();
            java.util.Set<Long> finals = new java.util.HashSet<>();
            double read = 0;
            for (long t = offset; t < hoursSimulated * 60L; t += intervalMinutes) {
                long watermark = t - settle;
                long newest = Math.floorDiv(watermark, 60) * 60;
                for (long hour = newest - 3 * 60; hour <= newest; hour += 60) {
                    if (finals.contains(hour) || marks.getOrDefault(hour, Long.MIN_VALUE) >= watermark) {
                        continue;
                    }
                    read += Math.max(0, Math.min(1, (t - hour) / 60.0));
                    marks.put(hour, watermark);
                    if (watermark >= hour + 60 + late) {
                        finals.add(hour);
                    }
                }
            }
            total += read / hoursSimulated;
        }
        return total / intervalMinutes;
    }

    private static long settleMinutes() {
        return HourlyRollup.SETTLE_MARGIN.toMinutes();
    }
}
