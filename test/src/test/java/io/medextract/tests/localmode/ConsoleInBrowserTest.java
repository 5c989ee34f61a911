package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in headless Chromium against local mode: {@code test/browser/console.test.mjs} (node's test
 * runner, playwright-core driving Debian's /usr/bin/chromium, axe-core) uploads a PDF and watches its
 * extraction, tries bad input, draws the metrics charts and runs an experiment to a result. Screenshots and
 * axe reports land in {@code test/target/browser/}. Without Chromium or a console build it is skipped, except
 * in CI (CI=true), where .ci/run installs Chromium and the build makes the console.
 */
class ConsoleInBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("medextract.chromium", "/usr/bin/chromium"));
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path data;

    @Test
    void consoleWorksInARealBrowser() throws Exception {
        Path testDir = Path.of(System.getProperty("medextract.test.dir", ".")).toAbsolutePath();
        Path consoleDir = Path.of(System.getProperty("medextract.console.dir",
                testDir.resolve("../console/dist").toString())).toAbsolutePath().normalize();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isRegularFile(consoleDir.resolve("index.html"));
        if (ci) {
            assertThat(ready).as("CI needs %s and a console build in %s", CHROMIUM, consoleDir).isTrue();
        }
        assumeTrue(ready, "needs " + CHROMIUM + " (apt-get install chromium) and a console build in " + consoleDir);

        Path artifacts = Files.createDirectories(testDir.resolve("target/browser"));
        Path pdf = Files.write(data.resolve("discharge-letter.pdf"), TestDocuments.pdf());
        Path text = Files.writeString(data.resolve("discharge.txt"), TestDocuments.dischargeSummary("Brow Ser"));
        Path log = artifacts.resolve("console.test.log");
        try (LocalMode local = LocalMode.start(LocalModeOptions.forTest(data.resolve("platform"), consoleDir), testDir)) {
            ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                    "--test-concurrency=1", "browser/console.test.mjs")
                    .directory(testDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            node.environment().put("BASE_URL", local.url().toString());
            node.environment().put("ARTIFACTS", artifacts.toString());
            node.environment().put("PDF_PATH", pdf.toString());
            node.environment().put("TEXT_PATH", text.toString());
            node.environment().put("CHROMIUM", CHROMIUM.toString());
            Instant started = Instant.now();
            Process run = node.start();
            boolean finished = run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                run.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println("browser tests took " + Duration.between(started, Instant.now()).toSeconds() + " s");
            System.out.println(output);
            assertThat(finished).as("browser tests still running after %s:%n%s", LIMIT, output).isTrue();
            assertThat(run.exitValue()).as("browser tests failed:%n%s", output).isZero();
        }
    }
}
