package io.medextract.tests.localmode;

import io.medextract.tests.local.AwsClients;
import io.medextract.tests.local.BedrockConverseFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The whole platform on this machine, no AWS account needed: the four functions behind one local HTTP server
 * that speaks the API's routes and serves the console, the stand-ins for DynamoDB, S3 and SQS with their data
 * in one directory, the extraction queue, the evaluation queue and their dead-letter queue consumed as Lambda's event
 * source mappings consume them, the hourly rollup on its schedule, and the Bedrock Converse fake (or real Bedrock).
 *
 * <p>Started by {@code ./mvnw -Plocal -DskipTests -pl test -am verify} (README, "Try it"); stops cleanly on Ctrl-C.
 */
public final class LocalMode implements AutoCloseable {

    /** The key pair local mode's clients sign with (presigned upload URLs included), and their region. */
    static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("local", "local");
    static final Region REGION = Region.US_EAST_1;

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final LocalStandIns standIns;
    private final URI url;
    private final int redriven;
    private final boolean consolePresent;

    private LocalMode(LocalModeOptions options, Path testDirectory) throws IOException {
        Files.createDirectories(options.dataDirectory());
        this.standIns = LocalStandIns.start(options.dataDirectory(), testDirectory);
        parts.add(standIns);
        try {
            LocalOrigin origin = new LocalOrigin(options.port() == 0 ? freePort() : options.port());
            this.url = origin.url();
            BedrockRuntimeClient bedrock;
            if (options.realBedrock()) {
                // The default provider chains: AWS_PROFILE / AWS_ACCESS_KEY_ID..., AWS_REGION.
                bedrock = new AwsClients(AwsClients.Settings.defaults()).bedrock();
            } else {
                BedrockConverseFake fake = new BedrockConverseFake();
                parts.add(fake);
                bedrock = new AwsClients(localSettings(Map.of("bedrock", fake.endpoint()))).bedrock();
            }
            AwsClients clients = new AwsClients(localSettings(Map.of("dynamodb", standIns.dynamoEndpoint(),
                    "s3", standIns.s3Endpoint(), "sqs", standIns.sqsEndpoint())));
            // Presigned URLs name this server, which passes the PUT on to S3Mock.
            AwsClients presigning = new AwsClients(localSettings(Map.of("s3", url)));
            LocalDeployment deployment = LocalDeployment.ensure(clients);
            LocalHandlers handlers = LocalHandlers.wire(clients, bedrock, presigning::presigner, deployment,
                    options.modelId(), origin.origins());

            ObjectCreatedEvents objectEvents = new ObjectCreatedEvents(clients.s3(), clients.sqs(), deployment.bucket(),
                    deployment.queueUrl());
            this.redriven = InFlightRedrive.redrive(clients.dynamoDb(), deployment.resultsTable(), clients.sqs(),
                    deployment.queueUrl(), deployment.evaluationQueueUrl(), objectEvents::objectWritten);
            DeployedQueueSettings queues = deployment.queues();
            int functionTimeoutMillis = queues.visibilitySeconds() / 6 * 1000;
            parts.add(0, new SqsEventSourceMapping(clients.sqs(), deployment.queueUrl(), deployment.queueArn(),
                    queues.batchSize(), Math.min(queues.maxConcurrency(), 2), functionTimeoutMillis, handlers.extract()));
            // Evaluation runs: their own queue and pollers, as deployed (the dev stage's evaluationMaxConcurrency).
            parts.add(0, new SqsEventSourceMapping(clients.sqs(), deployment.evaluationQueueUrl(),
                    deployment.evaluationQueueArn(), queues.evaluationBatchSize(), queues.evaluationMaxConcurrency(),
                    functionTimeoutMillis, handlers.extract()));
            parts.add(0, new SqsEventSourceMapping(clients.sqs(), deployment.deadLetterUrl(), deployment.deadLetterArn(),
                    queues.deadLetterBatchSize(), 1, functionTimeoutMillis, handlers.extract()));
            RollupSchedule rollups = new RollupSchedule(handlers.metrics(), options.rollupEvery());
            parts.add(0, rollups);

            StaticFiles console = new StaticFiles(options.consoleDirectory());
            this.consolePresent = console.present();
            parts.add(0, new LocalHttpServer(origin, new LocalHttpServer.Backends(
                    ApiRouteTemplates.fromShippedSpec(), handlers.bySegment(), deployment.bucket(), standIns.s3Endpoint(),
                    objectEvents::objectWritten,
                    documentId -> handlers.documents().find(documentId).map(d -> d.objectKey()),
                    rollups::runNow, console)));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public static LocalMode start(LocalModeOptions options, Path testDirectory) {
        try {
            return new LocalMode(options, testDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return url;
    }

    /** The AWS stand-ins behind the server (tests look at what a refused request left in them). */
    LocalStandIns standIns() {
        return standIns;
    }

    /** Extractions a previous run left QUEUED or RUNNING, put back on the queue at this start. */
    public int redriven() {
        return redriven;
    }

    public boolean consolePresent() {
        return consolePresent;
    }

    private static AwsClients.Settings localSettings(Map<String, URI> endpoints) {
        return new AwsClients.Settings(REGION, StaticCredentialsProvider.create(CREDENTIALS), endpoints);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server first, then the pollers and the schedule, then the stand-ins (which flush their data). */
    @Override
    public synchronized void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("local mode: stopping " + part.getClass().getSimpleName() + " failed: " + e);
            }
        }
        parts.clear();
    }

    public static void main(String[] args) throws InterruptedException {
        LocalModeOptions options = LocalModeOptions.fromSystemProperties();
        Path testDirectory = Path.of(System.getProperty("medextract.test.dir", "test"));
        LocalMode local = start(options, testDirectory);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MedExtract local mode: stopping");
            local.close();
            stopped.countDown();
        }));
        System.out.println();
        System.out.println("MedExtract local mode is running at " + local.url()
                + (local.consolePresent() ? "  (console)" : "  (API only: the console is not built)"));
        System.out.println("  API:      " + local.url() + "/api/...   (no sign-in; every request is the local caller)");
        System.out.println("  Bedrock:  " + (options.realBedrock() ? "Amazon Bedrock, " + options.modelId()
                : "the Converse fake (-Dlocal.bedrock=aws for real Bedrock)"));
        System.out.println("  Data:     " + options.dataDirectory() + "   (kept across restarts)"
                + (local.redriven() > 0 ? "; " + local.redriven() + " unfinished extractions or uploads re-queued" : ""));
        System.out.println("  Stop:     Ctrl-C");
        System.out.println();
        stopped.await();
    }
}
