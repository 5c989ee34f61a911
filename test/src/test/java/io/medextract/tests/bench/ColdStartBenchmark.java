package io.medextract.tests.bench;

import static io.medextract.tests.bench.Percentiles.median;
import static io.medextract.tests.bench.Percentiles.nearestRank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.artifact.FunctionPackages;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestDocuments;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold and warm starts of each function package, the way Lambda's managed Java runtime runs it, next to a
 * handler that only answers (the floor) on the same JDK in the same run.
 *
 * <p>Each run of a function: its package is unpacked into a task directory (Lambda unpacks the deployment package
 * into {@code /var/task}); a fresh JVM starts the AWS Lambda Java Runtime Interface Client (the managed runtime's
 * main class) with the managed runtime's JVM flags and the function's memory as heap bound, pinned to one core
 * with {@code taskset} when present; the runtime fetches events from {@link RuntimeApiEmulator}; the SDK clients
 * talk to the local servers through the standard {@code AWS_ENDPOINT_URL_<SERVICE>} variables. Cold is JVM launch
 * to the first answer; warm is event handed out to answer received, for the next 100 invocations (so it includes
 * the local servers' time).
 *
 * <p>Run: {@code ./mvnw -B -ntp -q -Pcoldstart -pl test -am verify -DskipTests} (optionally
 * {@code -Dcoldstart.runs=N}, and {@code -Dcoldstart.baseline=<jar>} to run an older all-in-one package with the
 * same requests in the same run, for before/after).
 */
public final class ColdStartBenchmark {

    static final int WARM_INVOCATIONS = 100;
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** One function as the benchmark runs it: what to unpack, which handler, its memory, its requests. */
    record Function(String name, Path packageFile, Path classesDir, String handler, int memoryMb,
                    String coldEvent, IntFunction<String> warmEvent) {}

    /**
     * One launch: cold (launch to first answer) and init (launch to first next) in ms; warm latencies in ms;
     * restored: restore to first answer in ms for a SnapStart-style launch, else NaN; coldCpu: CPU time the JVM
     * used until its first answer (all its threads), which other load on the shared core does not inflate.
     */
    record Run(double coldMs, double initMs, double[] warmMs, double restoredMs, double coldCpuMs, double warmCpuMs) {}

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            BenchmarkExit.exit(1);
        }
    }

    private static void run() throws Exception {
        // Before any HTTP server starts (the Bedrock fake uses the same JDK server): no 40 ms delayed-ACK waits.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = Integer.getInteger("coldstart.runs", 5);
        LocalPlatform platform = LocalPlatform.start();
        String documentId = uploadOne(platform);
        List<Function> functions = functions(platform, documentId);
        Path work = Files.createTempDirectory("coldstart");

        System.out.println(machine());
        System.out.println("handler logs: " + work);
        System.out.println(FunctionPackages.table());
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Function f : functions) { // interleaved, so drift on the machine hits every function alike
                results.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(launch(f, platform, work, run));
            }
        }
        System.out.println(table(results, functions, runs));
        BenchmarkExit.exit(0);
    }

    static List<Function> functions(LocalPlatform platform, String documentId) throws Exception {
        Path floorClasses = Path.of(FloorHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String text = TestDocuments.uploadBody("note.txt", "text/plain",
                TestDocuments.dischargeSummary("Cold Start").getBytes(StandardCharsets.UTF_8));
        // Memory: the dev stage's defaults (StageDefaults): upload 256, extract 512, metrics 1024, experiments 512.
        List<Function> functions = new ArrayList<>(List.of(
                new Function("floor", null, floorClasses, FloorHandler.class.getName(), 512,
                        api("GET", "/floor", null, null), i -> api("GET", "/floor", null, null)),
                new Function("upload", FunctionPackages.jar("upload"), null, FunctionPackages.HANDLERS.get("upload"), 256,
                        api("POST", "/api/upload", null, text), i -> api("POST", "/api/upload", null, text)),
                new Function("extract", FunctionPackages.jar("extract"), null, FunctionPackages.HANDLERS.get("extract"), 512,
                        api("GET", "/api/extract/{id}", documentId, null), i -> api("GET", "/api/extract/{id}", documentId, null)),
                new Function("metrics", FunctionPackages.jar("metrics"), null, FunctionPackages.HANDLERS.get("metrics"), 1024,
                        api("GET", "/api/metrics/summary", null, null), i -> api("GET", "/api/metrics/summary", null, null)),
                new Function("experiments", FunctionPackages.jar("experiments"), null,
                        FunctionPackages.HANDLERS.get("experiments"), 512,
                        api("GET", "/api/experiments", null, null), i -> api("GET", "/api/experiments", null, null))));
        // Before/after in the same run: the same requests against an older all-in-one package, when given.
        // A path ending in .jar is one all-in-one package; anything else is a prefix of per-function packages
        // (<prefix><function>.jar), like medextract.function.packages.
        String baseline = System.getProperty("coldstart.baseline", "");
        if (!baseline.isBlank()) {
            for (Function f : List.copyOf(functions.subList(1, functions.size()))) {
                Path before = Path.of(baseline.endsWith(".jar") ? baseline : baseline + f.name() + ".jar");
                functions.add(new Function(f.name() + " (before)", before, null, f.handler(), f.memoryMb(),
                        f.coldEvent(), f.warmEvent()));
            }
        }
        // -Dcoldstart.snapstart=true adds a SnapStart-style launch of each package: the runtime client runs the
        // beforeCheckpoint hooks (our priming) after init, asks restore/next, runs afterRestore, then takes the first
        // event. Its "restored" time (restore to first answer) is what priming leaves for the first request; the
        // snapshot restore itself happens inside Lambda and is not emulated.
        if (Boolean.getBoolean("coldstart.snapstart")) {
            for (Function f : List.copyOf(functions.subList(1, functions.size()))) {
                if (!f.name().endsWith("(before)")) {
                    functions.add(new Function(f.name() + " (snapstart)", f.packageFile(), null, f.handler(),
                            f.memoryMb(), f.coldEvent(), f.warmEvent()));
                }
            }
        }
        // -Dcoldstart.functions=metrics,extract runs only those (and the floor): for profiling one function.
        String only = System.getProperty("coldstart.functions", "");
        if (!only.isBlank()) {
            List<String> names = List.of(only.split(","));
            functions.removeIf(f -> !f.name().equals("floor") && !names.contains(f.name().replaceAll(" \\(.*\\)$", "")));
        }
        return List.copyOf(functions);
    }

    /** A document with an extraction requested: what GET /api/extract/{id} reads. */
    private static String uploadOne(LocalPlatform platform) {
        LocalPlatform.ApiResult r = platform.post(platform.upload, "/api/upload", Map.of(),
                TestDocuments.uploadBody("seed.txt", "text/plain",
                        TestDocuments.dischargeSummary("Seed").getBytes(StandardCharsets.UTF_8)));
        if (r.status() != 201) {
            throw new IllegalStateException("seeding a document failed: " + r.body());
        }
        String documentId = r.body().get("documentId").asText();
        LocalPlatform.ApiResult requested = platform.post(platform.extract, "/api/extract/{id}",
                Map.of("id", documentId), null);
        if (requested.status() != 202) {
            throw new IllegalStateException("requesting an extraction failed: " + requested.body());
        }
        return documentId;
    }

    static Run launch(Function f, LocalPlatform platform, Path work, int run) throws Exception {
        Path task = Files.createDirectories(work.resolve(slug(f) + "-" + run));
        if (f.packageFile() != null) {
            unzip(f.packageFile(), task);
        } else {
            copyClass(f.classesDir(), f.handler(), task);
        }
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator(slug(f))) {
            runtime.enqueue(f.coldEvent());
            // The runtime client loads the function from its working directory, which Lambda sets to /var/task.
            ProcessBuilder pb = new ProcessBuilder(command(f)).directory(task.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve(slug(f) + "-" + run + ".log").toFile());
            pb.environment().clear();
            pb.environment().putAll(environment(f, platform, runtime.address(), task));
            pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", slug(f));
            if (f.name().endsWith("(snapstart)")) {
                pb.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            }
            long launched = System.nanoTime();
            Process process = pb.start();
            try {
                RuntimeApiEmulator.Answer first = answer(runtime, f, work, run);
                double coldCpu = cpuMillis(process.pid());
                double cold = (first.answeredNanos() - launched) / 1e6;
                double init = (runtime.firstNextNanos() - launched) / 1e6;
                double[] warm = new double[WARM_INVOCATIONS];
                for (int i = 0; i < WARM_INVOCATIONS; i++) {
                    runtime.enqueue(f.warmEvent().apply(i));
                    warm[i] = answer(runtime, f, work, run).nanos() / 1e6;
                }
                double restored = runtime.restoredNanos() == 0 ? Double.NaN
                        : (first.answeredNanos() - runtime.restoredNanos()) / 1e6;
                // Whole-process CPU over the warm invocations: the request thread plus the JIT and GC threads, so
                // code left uncompiled at the snapshot shows up here as compilation after the restore.
                double warmCpu = (cpuMillis(process.pid()) - coldCpu) / WARM_INVOCATIONS;
                return new Run(cold, init, warm, restored, coldCpu, warmCpu);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /**
     * User plus system CPU time of a process so far, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of
     * 10 ms on Linux: https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html); NaN where there is no /proc.
     */
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static RuntimeApiEmulator.Answer answer(RuntimeApiEmulator runtime, Function f, Path work, int run)
            throws Exception {
        RuntimeApiEmulator.Answer a = runtime.awaitAnswer(60, TimeUnit.SECONDS);
        Path log = work.resolve(slug(f) + "-" + run + ".log");
        if (a == null || a.error()) {
            throw new IllegalStateException(f.name() + " did not answer: " + (a == null ? "timeout" : a.body())
                    + "\n" + (Files.exists(log) ? Files.readString(log) : ""));
        }
        int status = LocalPlatform.JSON.readTree(a.body()).path("statusCode").asInt();
        if (status < 200 || status > 299) {
            throw new IllegalStateException(f.name() + " answered " + a.body());
        }
        return a;
    }

    /**
     * The managed Java runtime's command line, as observed inside Lambda's java17 runtime (Oct 2024:
     * https://github.com/sigpwned/the-lambda-iceberg-dissecting-the-official-java-runtimes): heap 85 % of the
     * function's memory, serial GC, class-data sharing, C1 only (not for SnapStart launches on JDK 25+, see
     * {@link #fullTieredCompilation}), the CRaC compat bridge, IPv4, and the runtime
     * client's jars on the class path (the function's code is loaded from the task directory by the client).
     * Their log4j hot-patch agent and their own CDS archive are left out; this JDK's default archive is used.
     */
    static List<String> command(Function f) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", "0"));
        }
        cmd.add(Path.of(functionJavaHome(), "bin", "java").toString());
        cmd.add("-XX:MaxHeapSize=" + Math.round(f.memoryMb() * 1024 * 0.85) + "k");
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation"));
        if (!fullTieredCompilation(f)) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.addAll(List.of("--add-opens=java.base/java.io=ALL-UNNAMED", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr", "-Djava.net.preferIPv4Stack=true"));
        // -Dcoldstart.jvmArgs="-Xlog:class+load" adds flags for profiling (output lands in the run's log file).
        String extra = System.getProperty("coldstart.jvmArgs", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-classpath", runtimeClasspath(),
                RUNTIME_MAIN, f.handler() + "::handleRequest"));
        return cmd;
    }

    /**
     * Whether Lambda would leave the JVM's full tiered compilation on: java17 and java21 stop at C1 always; java25
     * does too, except with SnapStart or provisioned concurrency, where compilation happens before the snapshot
     * or while environments are provisioned (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html).
     */
    static boolean fullTieredCompilation(Function f) {
        return f.name().endsWith("(snapstart)") && Integer.parseInt(functionJavaVersion().split("\\.")[0]) >= 25;
    }

    /**
     * The JDK the function JVMs run on: {@code -Dcoldstart.javaHome} (e.g. a Java 25 JDK, the construct's default
     * runtime), else this JVM's own. The runtime client is Java 8 bytecode and runs on either.
     */
    static String functionJavaHome() {
        String home = System.getProperty("coldstart.javaHome", "");
        return home.isBlank() ? System.getProperty("java.home") : home;
    }

    /** The feature version of the function JDK ("17", "25"), read from its release file. */
    static String functionJavaVersion() {
        try {
            return Files.readAllLines(Path.of(functionJavaHome(), "release")).stream()
                    .filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("no release file in " + functionJavaHome(), e);
        }
    }

    /** The runtime interface client and the libraries it runs with, from this JVM's class path. */
    static String runtimeClasspath() {
        List<String> wanted = List.of("aws-lambda-java-core-", "aws-lambda-java-runtime-interface-client-",
                "aws-lambda-java-serialization-", "utils-lite-");
        List<String> found = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> wanted.stream().anyMatch(w -> Path.of(p).getFileName().toString().startsWith(w)))
                .toList();
        if (found.size() != wanted.size()) {
            throw new IllegalStateException("runtime interface client jars not on the class path: " + found);
        }
        return String.join(File.pathSeparator, found);
    }

    /** What Lambda sets, what the construct sets, and the local endpoints. */
    static Map<String, String> environment(Function f, LocalPlatform platform, String runtimeApi, Path task) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("LAMBDA_RUNTIME_DIR", task.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", f.handler() + "::handleRequest");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java" + functionJavaVersion().split("\\.")[0]);
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(f.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "coldstart");
        env.putAll(platform.functionEnvironment("us.anthropic.claude-haiku-4-5-20251001-v1:0"));
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_SESSION_TOKEN", "test");
        env.put("EXTRACTION_DLQ_URL", platform.dlqUrl);
        env.put("EXTRACTION_DLQ_ARN", platform.dlqArn);
        return env;
    }

    static String table(Map<String, List<Run>> results, List<Function> functions, int runs) {
        double floor = median(results.get("floor").stream().mapToDouble(Run::coldMs).toArray());
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d runs per function, interleaved; cold, init and cold cpu (JVM CPU time to the first "
                + "answer) are medians; warm over %d x %d invocations; warm cpu = the JVM's CPU time per warm invocation "
                + "(all threads: JIT and GC included; 10 ms ticks), median of runs%n", runs, runs, WARM_INVOCATIONS));
        double floorCpu = median(results.get("floor").stream().mapToDouble(Run::coldCpuMs).toArray());
        out.append(String.format("%-23s %6s %8s %8s %8s %9s %9s %9s %9s %9s %9s%n", "function", "mem MB", "cold ms",
                "cold min", "init ms", "vs floor", "cold cpu", "cpu/floor", "warm p50", "warm p99", "warm cpu"));
        for (Function f : functions) {
            List<Run> rs = results.get(f.name());
            double[] cold = rs.stream().mapToDouble(Run::coldMs).toArray();
            double[] warm = rs.stream().flatMapToDouble(r -> Arrays.stream(r.warmMs())).toArray();
            double cpu = median(rs.stream().mapToDouble(Run::coldCpuMs).toArray());
            out.append(String.format("%-23s %6d %8.0f %8.0f %8.0f %8.2fx %9.0f %8.2fx %9.2f %9.2f %9.2f%n", f.name(),
                    f.memoryMb(), median(cold), Arrays.stream(cold).min().orElse(0),
                    median(rs.stream().mapToDouble(Run::initMs).toArray()), median(cold) / floor, cpu, cpu / floorCpu,
                    nearestRank(warm, 50), nearestRank(warm, 99),
                    median(rs.stream().mapToDouble(Run::warmCpuMs).toArray())));
        }
        List<Function> snapStart = functions.stream().filter(f -> f.name().endsWith("(snapstart)")).toList();
        if (!snapStart.isEmpty()) {
            out.append(String.format("SnapStart-style launches (priming in beforeCheckpoint): restored = restore/next "
                    + "answered to first answer, medians%n"));
            out.append(String.format("%-24s %11s %12s %14s%n", "function", "restored ms", "vs floor cold",
                    "init+prime ms"));
            for (Function f : snapStart) {
                List<Run> rs = results.get(f.name());
                double restored = median(rs.stream().mapToDouble(Run::restoredMs).toArray());
                out.append(String.format("%-24s %11.0f %11.2fx %14.0f%n", f.name(), restored, restored / floor,
                        median(rs.stream().mapToDouble(Run::initMs).toArray())));
            }
        }
        out.append("cold runs (ms): ").append(results.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().stream().map(r -> String.format("%.0f", r.coldMs()))
                        .collect(Collectors.joining("/")))
                .collect(Collectors.joining("; "))).append('\n');
        return out.toString();
    }

    static String machine() throws IOException {
        String cpu = Files.lines(Path.of("/proc/cpuinfo")).filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        return String.format("machine: %s, %d cores visible, %s %s; function JDK %s (%s); one core pinned: %s",
                cpu, Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), functionJavaVersion(), functionJavaHome(),
                Files.isExecutable(Path.of("/usr/bin/taskset")) ? "yes (taskset -c 0)" : "no (taskset missing)");
    }

    private static String slug(Function f) {
        return f.name().replaceAll("[^a-z0-9]+", "-");
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the task directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static void copyClass(Path classes, String className, Path into) throws IOException {
        String file = className.replace('.', '/') + ".class";
        Path target = into.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(classes.resolve(file))) {
            Files.copy(in, target);
        }
    }

    /** An API Gateway proxy event as the construct's REST API sends it. */
    static String api(String method, String resource, String id, String body) {
        ObjectNode e = LocalPlatform.JSON.createObjectNode();
        e.put("httpMethod", method).put("resource", resource)
                .put("path", id == null ? resource : resource.replace("{id}", id));
        if (id != null) {
            e.putObject("pathParameters").put("id", id);
        }
        e.putObject("headers").put("Content-Type", "application/json");
        e.put("body", body);
        e.put("isBase64Encoded", false);
        e.putObject("requestContext").put("requestId", "coldstart")
                .set("identity", LocalPlatform.JSON.createObjectNode().put("userArn", "arn:aws:iam::0:role/bench"));
        return e.toString();
    }
}
