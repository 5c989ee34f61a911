package io.medextract.tests.bench;

import static io.medextract.tests.bench.Percentiles.nearestRank;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.tests.bench.jmh.HotPathSamples;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestContext;
import io.medextract.tests.local.TestDocuments;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Warm request handling without the time spent waiting on the local servers. One JVM holds the local stand-ins
 * (dynalite runs in node; S3Mock, ElasticMQ and the Bedrock fake in process) and the four handlers, wired by
 * {@link LocalPlatform} with the constructors their composition roots call and real SDK clients whose HTTP
 * client is a {@link WireTimedHttpClient}. Each route is invoked as the Lambda runtime does (the event's bytes in,
 * the answer's bytes out, one invocation at a time), first to warm up, then to measure; per invocation,
 * the handler's own time = its wall time minus the time its SDK calls spent inside the HTTP client.
 *
 * <p>Run: {@code ./mvnw -B -ntp -q -Pwarm -pl test -am verify -DskipTests}
 * ({@code -Dwarm.invocations}, {@code -Dwarm.warmup}, {@code -Dwarm.worker.invocations} change the counts;
 * {@code -Dwarm.only=metrics} runs only the routes whose "function route" contains that text, e.g. to profile;
 * {@code -Dwarm.only='upload|extract'} those containing either).
 */
public final class WarmInvocationBenchmark {

    /** What one invocation needs: its event, and what the platform does after it (e.g. delete the message). */
    record Invocation(byte[] event, Runnable after) {
        static Invocation of(byte[] event) {
            return new Invocation(event, () -> { });
        }
    }

    /** A route of a function, with a fresh invocation for each index and a check that the answer is a success. */
    record Route(String function, String name, RequestStreamHandler handler, IntFunction<Invocation> invocations,
                 int expectedStatus, boolean worker) {}

    /**
     * Per-invocation milliseconds of one route; {@code ownWithoutGc} leaves out the invocations during which the
     * JVM collected garbage: the in-process servers (S3Mock, ElasticMQ) allocate far more than the handlers, and
     * a stop-the-world pause they cause lands in whichever invocation is running.
     */
    record Timings(double[] total, double[] wire, double[] own, double[] ownWithoutGc, double[] cpu,
                   double requestsPerInvocation) {}

    private static final PrintStream REPORT = System.out;
    private static final String MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

    private WarmInvocationBenchmark() {}

    public static void main(String[] args) throws IOException {
        int warmup = Integer.getInteger("warm.warmup", 300);
        int invocations = Integer.getInteger("warm.invocations", 1000);
        int workerInvocations = Integer.getInteger("warm.worker.invocations", 150);
        // The handlers log a line per request to stdout, as in Lambda (where it is a pipe to the log agent).
        System.setOut(new PrintStream(new FileOutputStream("/dev/null"), true, StandardCharsets.UTF_8));
        WireTime wire = new WireTime();
        REPORT.println("JVM: " + Runtime.version() + " " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        REPORT.printf("%d cores visible; per route %d warm-up invocations, then %d measured (SQS worker: %d, then %d)%n",
                Runtime.getRuntime().availableProcessors(), warmup, invocations, workerInvocations / 3,
                workerInvocations);
        try (LocalPlatform platform = LocalPlatform.start(LocalPlatform.Options.defaults().modelId(MODEL),
                http -> new WireTimedHttpClient(http, wire))) {
            List<Route> routes = routes(platform);
            REPORT.printf("%n%-12s %-34s %5s %9s %9s %8s %8s %8s %8s %6s %9s %7s %7s %7s%n", "function", "route",
                    "n", "total p50", "total p99", "wire p50", "own p50", "own p99", "own max", "GC hit",
                    "p99 no GC", "cpu p50", "cpu p99", "SDK req");
            List<String> only = List.of(System.getProperty("warm.only", "").split("\\|", -1));
            boolean rolled = false;
            for (Route route : routes) {
                String name = route.function() + " " + route.name();
                if (only.stream().noneMatch(name::contains)) {
                    continue;
                }
                if (!rolled && readsRollups(route)) {
                    // As EventBridge does every few minutes: after the queue's extractions, before the reads.
                    REPORT.println("scheduled rollup: " + scheduledRollup(platform));
                    rolled = true;
                }
                int n = route.worker() ? workerInvocations : invocations;
                int w = route.worker() ? workerInvocations / 3 : warmup;
                run(route, w, wire);
                Timings t = run(route, n, wire);
                REPORT.printf("%-12s %-34s %5d %9.3f %9.3f %8.3f %8.3f %8.3f %8.3f %6d %9.3f %7.3f %7.3f %7.1f%n",
                        route.function(), route.name(), n, nearestRank(t.total(), 50), nearestRank(t.total(), 99),
                        nearestRank(t.wire(), 50), nearestRank(t.own(), 50), nearestRank(t.own(), 99),
                        nearestRank(t.own(), 100), n - t.ownWithoutGc().length, nearestRank(t.ownWithoutGc(), 99),
                        nearestRank(t.cpu(), 50), nearestRank(t.cpu(), 99), t.requestsPerInvocation());
            }
            REPORT.println("\nms per invocation; own = total - wire (time inside the SDK's HTTP client); GC hit ="
                    + " invocations during which the JVM collected garbage; p99 no GC = own p99 of the others;"
                    + " cpu = CPU time of the handler's threads (blind to waiting for a core on a busy machine);"
                    + " SDK req = HTTP requests per invocation");
        }
        BenchmarkExit.exit(0);
    }

    private static Timings run(Route route, int count, WireTime wire) {
        double[] total = new double[count];
        double[] onWire = new double[count];
        double[] own = new double[count];
        double[] ownWithoutGc = new double[count];
        double[] cpu = new double[count];
        long[] handlerThreads = handlerThreadIds();
        int withoutGc = 0;
        long requests = 0;
        for (int i = 0; i < count; i++) {
            Invocation invocation = route.invocations().apply(i);
            TestContext context = TestContext.fresh();
            ByteArrayInputStream in = new ByteArrayInputStream(invocation.event());
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            wire.takeSpent();
            long gcBefore = gcCount();
            long cpuBefore = cpuNanos(handlerThreads);
            long t0 = System.nanoTime();
            try {
                route.handler().handleRequest(in, out, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long elapsed = System.nanoTime() - t0;
            WireTime.Spent spent = wire.takeSpent();
            cpu[i] = (cpuNanos(handlerThreads) - cpuBefore) / 1e6;
            boolean collected = gcCount() != gcBefore;
            check(route, out.toByteArray());
            invocation.after().run();
            total[i] = elapsed / 1e6;
            onWire[i] = spent.nanos() / 1e6;
            own[i] = (elapsed - spent.nanos()) / 1e6;
            if (!collected) {
                ownWithoutGc[withoutGc++] = own[i];
            }
            requests += spent.requests();
        }
        return new Timings(total, onWire, own, Arrays.copyOf(ownWithoutGc, Math.max(1, withoutGc)), cpu,
                (double) requests / count);
    }

    private static void check(Route route, byte[] answer) {
        try {
            JsonNode response = LocalPlatform.JSON.readTree(answer);
            boolean ok = route.worker() ? response.path("batchItemFailures").isEmpty()
                    : response.path("statusCode").asInt() == route.expectedStatus();
            if (!ok) {
                throw new IllegalStateException(route.name() + " did not succeed: "
                        + new String(answer, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Route> routes(LocalPlatform p) {
        Instant now = Instant.now();
        String documentId = p.extractOne("Warm Example");
        seedRollups(p, now);
        String experimentId = seedExperiment(p, now);
        var metrics = p.metricsAt(p.clock);
        String weekAgo = now.minus(7, ChronoUnit.DAYS).toString();
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("upload", "POST /api/upload (2 KB text)", p.upload, i -> Invocation.of(api("POST",
                "/api/upload", Map.of(), Map.of(), TestDocuments.uploadBody("discharge.txt", "text/plain",
                        TestDocuments.dischargeSummary("Warm Person " + i).getBytes(StandardCharsets.UTF_8)))),
                201, false));
        routes.add(new Route("upload", "GET /api/documents/{id}", p.upload,
                i -> Invocation.of(api("GET", "/api/documents/{id}", Map.of("id", documentId), Map.of(), null)),
                200, false));
        routes.add(new Route("extract", "SQS: 1 extraction (S3, Bedrock)", p.extract, i -> queuedExtraction(p, i),
                0, true));
        routes.add(new Route("extract", "GET /api/extract/{id}", p.extract,
                i -> Invocation.of(api("GET", "/api/extract/{id}", Map.of("id", documentId), Map.of(), null)),
                200, false));
        routes.add(new Route("extract", "POST /api/extract/{id}", p.extract,
                i -> Invocation.of(api("POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(), null)),
                202, false));
        for (String endpoint : List.of("summary", "versions", "timeseries", "cost")) {
            routes.add(new Route("metrics", "GET /api/metrics/" + endpoint, metrics, i -> Invocation.of(
                    api("GET", "/api/metrics/" + endpoint, Map.of(), Map.of(), null)), 200, false));
        }
        routes.add(new Route("metrics", "GET /api/metrics/summary (7 days)", metrics, i -> Invocation.of(
                api("GET", "/api/metrics/summary", Map.of(), Map.of("from", weekAgo), null)), 200, false));
        routes.add(new Route("experiments", "GET /api/experiments", p.experiments,
                i -> Invocation.of(api("GET", "/api/experiments", Map.of(), Map.of(), null)), 200, false));
        routes.add(new Route("experiments", "GET /api/experiments/{id}", p.experiments, i -> Invocation.of(
                api("GET", "/api/experiments/{id}", Map.of("id", experimentId), Map.of(), null)), 200, false));
        routes.add(new Route("experiments", "GET .../{id}/results (7 days)", p.experiments, i -> Invocation.of(
                api("GET", "/api/experiments/{id}/results", Map.of("id", experimentId), Map.of(), null)),
                200, false));
        return routes;
    }

    private static boolean readsRollups(Route route) {
        return route.function().equals("metrics") || route.name().contains("results");
    }

    /** The rollup schedule's invocation of the metrics function, with the event EventBridge sends. */
    private static JsonNode scheduledRollup(LocalPlatform p) {
        var event = LocalPlatform.JSON.createObjectNode().put("version", "0").put("id", "warm-benchmark")
                .put("detail-type", "Scheduled Event").put("source", "aws.events").put("account", "000000000000")
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/rollup");
        event.putObject("detail");
        return LocalPlatform.invoke(p.metricsAt(p.clock), event);
    }

    /** A new document, its S3 event on the queue and received as the event source mapping would. */
    private static Invocation queuedExtraction(LocalPlatform p, int i) {
        String documentId = p.uploadText("Queue Person " + i);
        p.objectCreated(p.documents.find(documentId).orElseThrow().objectKey());
        List<Message> messages = p.clients.sqs().receiveMessage(b -> b.queueUrl(p.queueUrl).maxNumberOfMessages(1)
                .waitTimeSeconds(5).messageSystemAttributeNamesWithStrings("All")).messages();
        if (messages.size() != 1) {
            throw new IllegalStateException("expected the S3 event on the queue, got " + messages.size());
        }
        Message m = messages.get(0);
        byte[] event;
        try {
            event = LocalPlatform.JSON.writeValueAsBytes(p.sqsEvent(messages));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Invocation(event, () -> p.clients.sqs().deleteMessage(b -> b.queueUrl(p.queueUrl)
                .receiptHandle(m.receiptHandle())));
    }

    /**
     * Seven days of final hours before the previous one (two prompt versions, 20 extractions an hour each) as the
     * rollup job stores them; the previous and the current hour are left to the scheduled run.
     */
    private static void seedRollups(LocalPlatform p, Instant now) {
        Instant liveFrom = now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant from = liveFrom.minus(Duration.ofDays(7));
        for (RollupRepository.Rollup r : HotPathSamples.rollups(from, liveFrom, 20)) {
            p.rollups.put(r, finalWatermark(r.hour()));
        }
        for (Instant hour = from; hour.isBefore(liveFrom); hour = hour.plus(1, ChronoUnit.HOURS)) {
            p.rollups.putMark(new RollupRepository.HourMark(hour, finalWatermark(hour), true));
        }
    }

    private static Instant finalWatermark(Instant hour) {
        return hour.plus(1, ChronoUnit.HOURS).plus(HourlyRollup.LATE_WRITE_WINDOW);
    }

    /** A running two-arm experiment with seven days of hourly sums (10 extractions an hour per arm). */
    private static String seedExperiment(LocalPlatform p, Instant now) {
        byte[] create = api("POST", "/api/experiments", Map.of(), Map.of(), """
                {"name":"warm benchmark","variants":[
                   {"name":"control","promptVersion":"clinical-summary@1"},
                   {"name":"candidate","promptVersion":"clinical-summary@2"}],
                 "split":"50/50","primaryMetric":"FIELD_COMPLETENESS","minimumDetectableEffect":0.05}""");
        String id = body(LocalPlatform.invoke(p.experiments, read(create))).get("experimentId").asText();
        LocalPlatform.invoke(p.experiments, read(api("POST", "/api/experiments/{id}/start", Map.of("id", id),
                Map.of(), null)));
        Instant liveFrom = now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        for (VariantHourSums sums : HotPathSamples.experimentSums(liveFrom.minus(Duration.ofDays(7)), liveFrom, 10)) {
            p.experimentSums.put(id, sums, finalWatermark(sums.hour()));
        }
        p.experimentSums.putWatermark(id, liveFrom);
        return id;
    }

    private static byte[] api(String method, String resource, Map<String, String> path, Map<String, String> query,
                              String body) {
        return ApiGatewayEvents.event(method, resource, path, query, body);
    }

    private static JsonNode read(byte[] json) {
        try {
            return LocalPlatform.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode body(JsonNode response) {
        try {
            return LocalPlatform.JSON.readTree(response.get("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This thread and the extract function's batch workers (its pool has made all its threads by now). */
    private static long[] handlerThreadIds() {
        return java.util.stream.LongStream.concat(java.util.stream.LongStream.of(Thread.currentThread().getId()),
                Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("extraction"))
                        .mapToLong(Thread::getId)).toArray();
    }

    /** CPU time these threads have used (running, not waiting for a core or on I/O); ended threads count 0. */
    private static long cpuNanos(long[] threadIds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threadIds) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
