package io.medextract.tests.localmode;

import com.adobe.testing.s3mock.S3MockApplication;
import io.medextract.tests.local.LoopbackS3Mock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The AWS stand-ins of local mode, keeping their data under one directory: dynalite stores its tables as
 * LevelDB files ({@code dynamodb/}), S3Mock its buckets and objects ({@code s3/}, kept on exit). ElasticMQ
 * keeps messages in memory only: {@link InFlightRedrive} puts unfinished extractions back on the queue at
 * the next start.
 */
final class LocalStandIns implements AutoCloseable {

    private final Process dynalite;
    private final URI dynamoEndpoint;
    private final S3MockApplication s3;
    private final URI s3Endpoint;
    private final SQSRestServer sqs;
    private final URI sqsEndpoint;

    private LocalStandIns(Path dataDirectory, Path testDirectory) throws IOException {
        Path tables = Files.createDirectories(dataDirectory.resolve("dynamodb"));
        Path objects = Files.createDirectories(dataDirectory.resolve("s3"));
        this.dynalite = new ProcessBuilder("node", "dynalite-server.js", tables.toString())
                .directory(testDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(dynalite.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("DYNALITE_PORT=")) {
            dynalite.destroyForcibly();
            throw new IllegalStateException("dynalite did not start (is another local mode using " + tables
                    + "? else run npm ci in test/): " + line);
        }
        this.dynamoEndpoint = URI.create("http://127.0.0.1:" + line.substring("DYNALITE_PORT=".length()).trim());

        Map<String, Object> props = new HashMap<>();
        props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put("com.adobe.testing.s3mock.store.root", objects.toString());
        props.put("com.adobe.testing.s3mock.store.retain-files-on-exit", true);
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.register-shutdown-hook", false); // local mode stops it, after the pollers
        props.put("logging.level.root", "WARN");
        this.s3 = LoopbackS3Mock.start(props); // S3Mock checks no credentials: never on the network
        // An IP, not "localhost": with a host name the SDK would use virtual-host addressing.
        this.s3Endpoint = URI.create("http://127.0.0.1:" + s3.getHttpPort());

        // ElasticMQ's actor system would stop itself in a JVM shutdown hook, beside ours; local mode stops it
        // after the pollers instead (Typesafe config reads system properties).
        System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        int sqsPort = freePort();
        this.sqs = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
        sqs.waitUntilStarted();
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
    }

    static LocalStandIns start(Path dataDirectory, Path testDirectory) {
        try {
            return new LocalStandIns(dataDirectory, testDirectory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    URI s3Endpoint() {
        return s3Endpoint;
    }

    URI sqsEndpoint() {
        return sqsEndpoint;
    }

    @Override
    public void close() {
        try {
            sqs.stopAndWait();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
        try {
            s3.stop();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
        try {
            dynalite.getOutputStream().close(); // dynalite closes its LevelDB files and exits
            if (!dynalite.waitFor(5, TimeUnit.SECONDS)) {
                dynalite.destroy();
            }
        } catch (IOException e) {
            dynalite.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dynalite.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
