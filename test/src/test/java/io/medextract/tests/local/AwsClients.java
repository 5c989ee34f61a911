package io.medextract.tests.local;

import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.PresignedUploads;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.aws.SdkClients;

/**
 * All five SDK clients behind one object, each built on first use: for tests and tools that play every function
 * at once. The functions themselves never use it: each handler's composition root builds only the clients it
 * needs through {@link SdkClients}, so a function's package holds no other service's client.
 */
public final class AwsClients {

    /**
     * Explicit client settings; nulls and an empty map mean "the SDK's default provider chains".
     *
     * @param endpoints keyed by service: dynamodb, s3, sqs, bedrock
     */
    public record Settings(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        public Settings {
            endpoints = Map.copyOf(endpoints);
        }

        public static Settings defaults() {
            return new Settings(null, null, Map.of());
        }
    }

    private final SdkClients sdk;
    private final SdkHttpClient http;
    private final SdkHttpClient bedrockHttp;
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    private S3Presigner presigner;
    private SqsClient sqs;
    private BedrockRuntimeClient bedrock;

    public AwsClients(Settings settings) {
        this(settings, UnaryOperator.identity());
    }

    /**
     * @param httpDecorator wraps the HTTP clients every SDK client uses (e.g. a benchmark timing the time spent on
     *                      the wire); identity for the clients the functions build
     */
    public AwsClients(Settings settings, UnaryOperator<SdkHttpClient> httpDecorator) {
        this.sdk = new SdkClients(settings.region(), settings.credentials(), settings.endpoints());
        this.http = httpDecorator.apply(SdkClients.http(SdkClients.AWS_READ_TIMEOUT));
        this.bedrockHttp = httpDecorator.apply(SdkClients.http(SdkClients.BEDROCK_READ_TIMEOUT));
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = sdk.configure(DynamoDbClient.builder(), "dynamodb", http).build();
        }
        return dynamoDb;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = DocumentObjects.client(sdk, http);
        }
        return s3;
    }

    public synchronized S3Presigner presigner() {
        if (presigner == null) {
            presigner = PresignedUploads.presigner(sdk);
        }
        return presigner;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = sdk.configure(SqsClient.builder(), "sqs", http).build();
        }
        return sqs;
    }

    /** Retries are ours ({@code BedrockRetryPolicy}), so the client makes exactly one attempt per call. */
    public synchronized BedrockRuntimeClient bedrock() {
        if (bedrock == null) {
            bedrock = BedrockExtractor.client(sdk, bedrockHttp);
        }
        return bedrock;
    }
}
