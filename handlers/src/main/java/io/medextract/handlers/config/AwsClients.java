package io.medextract.handlers.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients, built once per container (on first use) and shared by every invocation. In Lambda, region,
 * credentials and any endpoint come from the standard environment ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL_<SERVICE>}); tests pass explicit {@link Settings} pointing at local servers.
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

    private final Settings settings;
    private final SdkHttpClient http;
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    private S3Presigner presigner;
    private SqsClient sqs;
    private BedrockRuntimeClient bedrock;

    /**
     * Converse answers only when the model has finished, so the socket stays silent for the whole call: the
     * first call with a new output schema waits for grammar compilation ("up to a few minutes") and AWS
     * advises read timeouts far above the SDK's default for Claude 4 models
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
     * The read timeout is therefore Lambda's 15-minute ceiling; each call is bounded more tightly by the time
     * its invocation has left (BedrockExtractor).
     */
    static final Duration BEDROCK_READ_TIMEOUT = Duration.ofMinutes(15);
    /** DynamoDB, S3 and SQS answer in milliseconds; a minute means the connection is dead. */
    static final Duration AWS_READ_TIMEOUT = Duration.ofSeconds(60);

    private final SdkHttpClient bedrockHttp;

    public AwsClients(Settings settings) {
        this.settings = settings;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(AWS_READ_TIMEOUT)
                .build();
        this.bedrockHttp = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(BEDROCK_READ_TIMEOUT)
                .build();
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder().httpClient(http), "dynamodb").build();
        }
        return dynamoDb;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder().httpClient(http), "s3")
                    .forcePathStyle(settings.endpoints().containsKey("s3"))
                    .build();
        }
        return s3;
    }

    public synchronized S3Presigner presigner() {
        if (presigner == null) {
            S3Presigner.Builder b = S3Presigner.builder();
            if (settings.region() != null) {
                b.region(settings.region());
            }
            if (settings.credentials() != null) {
                b.credentialsProvider(settings.credentials());
            }
            URI endpoint = settings.endpoints().get("s3");
            if (endpoint != null) {
                b.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            }
            presigner = b.build();
        }
        return presigner;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(SqsClient.builder().httpClient(http), "sqs").build();
        }
        return sqs;
    }

    /** Retries are ours ({@code BedrockRetryPolicy}), so the client makes exactly one attempt per call. */
    public synchronized BedrockRuntimeClient bedrock() {
        if (bedrock == null) {
            bedrock = configure(BedrockRuntimeClient.builder().httpClient(bedrockHttp), "bedrock")
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(AwsRetryStrategy.doNotRetry())
                            .apiCallTimeout(BEDROCK_READ_TIMEOUT)
                            .build())
                    .build();
        }
        return bedrock;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        if (settings.region() != null) {
            builder.region(settings.region());
        }
        if (settings.credentials() != null) {
            builder.credentialsProvider(settings.credentials());
        }
        URI endpoint = settings.endpoints().get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
