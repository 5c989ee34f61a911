package io.medextract.tests.localmode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How local mode runs, from {@code -Dlocal.*} system properties (the Maven profile passes them through).
 *
 * @param dataDirectory where tables (LevelDB), objects and the console's uploads live; survives restarts
 * @param port          the HTTP port of the API and console (0: any free port)
 * @param realBedrock   call Amazon Bedrock with the default AWS credentials instead of the Converse fake
 * @param consoleDirectory the built console (index.html and assets), or null to serve the API only
 * @param rollupEvery   how often the rollup runs (unless set: as the construct deploys it in dev, every minute)
 * @param modelId       the Bedrock model or inference profile id the worker calls
 */
public record LocalModeOptions(Path dataDirectory, int port, boolean realBedrock, Path consoleDirectory,
                               Duration rollupEvery, String modelId) {

    public static final int DEFAULT_PORT = 8787;
    public static final String DEFAULT_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

    public static LocalModeOptions fromSystemProperties() {
        String console = System.getProperty("local.console", "");
        String rollup = System.getProperty("local.rollupEvery", "");
        return new LocalModeOptions(
                Path.of(System.getProperty("local.dir", ".medextract-local")).toAbsolutePath(),
                Integer.parseInt(System.getProperty("local.port", String.valueOf(DEFAULT_PORT))),
                "aws".equalsIgnoreCase(System.getProperty("local.bedrock", "fake")),
                console.isBlank() ? null : Path.of(console).toAbsolutePath(),
                rollup.isBlank() ? null : Duration.parse(rollup),
                System.getProperty("local.model", DEFAULT_MODEL));
    }

    /** A throwaway instance for tests: its own directory, any free port, the Bedrock fake. */
    public static LocalModeOptions forTest(Path dataDirectory, Path consoleDirectory) {
        return new LocalModeOptions(dataDirectory, 0, false, consoleDirectory, null, DEFAULT_MODEL);
    }
}
