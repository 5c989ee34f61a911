package io.medextract.tests.local;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The local servers that speak the AWS wire protocols, started once per test JVM and stopped at exit:
 * dynalite (DynamoDB, a Node.js process from test/node_modules), S3Mock (S3, in process) and ElasticMQ
 * (SQS, in process). Each test makes its own tables, bucket and queues, so tests never share state.
 */
public final class LocalServers {

    private static LocalServers instance;

    private final Process dynalite;
    private final URI dynamoEndpoint;
    private final S3MockApplication s3;
    private final URI s3Endpoint;
    private final SQSRestServer sqs;
    private final URI sqsEndpoint;

    private LocalServers() throws IOException, InterruptedException {
        Path testDir = Path.of(System.getProperty("medextract.test.dir", "."));
        ProcessBuilder pb = new ProcessBuilder("node", "dynalite-server.js")
                .directory(testDir.toFile())
                .redirectErrorStream(true);
        this.dynalite = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(dynalite.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("DYNALITE_PORT=")) {
            dynalite.destroyForcibly();
            throw new IllegalStateException("dynalite did not start (run npm ci in test/): " + line);
        }
        this.dynamoEndpoint = URI.create("http://127.0.0.1:" + line.substring("DYNALITE_PORT=".length()).trim());

        Map<String, Object> s3Props = new HashMap<>();
        s3Props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        s3Props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        s3Props.put(S3MockApplication.PROP_SILENT, true);
        s3Props.put("spring.main.banner-mode", "off");
        s3Props.put("logging.level.root", "WARN");
        this.s3 = LoopbackS3Mock.start(s3Props);
        // An IP, not "localhost": with a host name the SDK would use virtual-host addressing.
        this.s3Endpoint = URI.create("http://127.0.0.1:" + s3.getHttpPort());

        int sqsPort = freePort();
        this.sqs = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
        sqs.waitUntilStarted();
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);

        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized LocalServers get() {
        if (instance == null) {
            try {
                instance = new LocalServers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    private void stop() {
        try {
            sqs.stopAndWait();
        } catch (RuntimeException ignored) {
            // shutting down
        }
        try {
            s3.stop();
        } catch (RuntimeException ignored) {
            // shutting down
        }
        dynalite.destroy();
        try {
            dynalite.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
