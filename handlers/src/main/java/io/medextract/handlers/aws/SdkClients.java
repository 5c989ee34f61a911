package io.medextract.handlers.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import io.medextract.handlers.lambda.RenewCredentialsOnRestore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures any SDK client builder the same way: region, credentials, endpoint and the JDK's URL-connection HTTP
 * client (no Netty, no Apache). It names no service client, so a function's package carries only the clients that
 * function builds itself (each handler's composition root asks for its own).
 *
 * <p>In Lambda, {@link #fromEnvironment()} reads the region from {@code AWS_REGION} and the credentials from the
 * variables Lambda sets ({@code AWS_ACCESS_KEY_ID}, ... or, with SnapStart, the container credentials endpoint),
 * skipping the SDK's default chains, which probe system properties, profile files and more first and cost
 * cold-start time
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 * Endpoints come from the standard {@code AWS_ENDPOINT_URL_<SERVICE>} variables, which the SDK reads itself.
 */
public final class SdkClients {

    /**
     * Converse answers only when the model has finished, so the socket stays silent for the whole call: the
     * first call with a new output schema waits for grammar compilation ("up to a few minutes") and AWS
     * advises read timeouts far above the SDK's default for Claude 4 models
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
     * The read timeout is therefore Lambda's 15-minute ceiling; each call is bounded more tightly by the time
     * its invocation has left (BedrockExtractor).
     */
    public static final Duration BEDROCK_READ_TIMEOUT = Duration.ofMinutes(15);
    /** DynamoDB, S3 and SQS answer in milliseconds; a minute means the connection is dead. */
    public static final Duration AWS_READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, URI> endpoints;

    /**
     * @param region      null: the SDK's region chain
     * @param credentials null: the SDK's default credentials chain
     * @param endpoints   keyed by service (dynamodb, s3, sqs, bedrock); absent: the SDK's own resolution
     */
    public SdkClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        this.region = region;
        this.credentials = credentials;
        this.endpoints = Map.copyOf(endpoints);
    }

    /** Lambda's own variables when they are set (always, in Lambda); otherwise the SDK's chains. */
    public static SdkClients fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Region and credentials from {@code env}, read when credentials are first needed and again after each
     * SnapStart restore ({@link RenewCredentialsOnRestore}): the key variables when set (Lambda without
     * SnapStart), else the container credentials endpoint when set (Lambda with SnapStart), else the SDK's chain.
     */
    public static SdkClients from(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        return new SdkClients(region == null || region.isBlank() ? null : Region.of(region),
                RenewCredentialsOnRestore.from(() -> credentialsFrom(env)), Map.of());
    }

    /** For SnapStart priming: a fixed, fake identity, never one that could reach AWS. */
    public static SdkClients forPriming(Map<String, String> env) {
        String region = env.getOrDefault("AWS_REGION", "");
        return new SdkClients(region.isBlank() ? Region.US_EAST_1 : Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSNAPSTARTPRIMING", "priming")),
                Map.of());
    }

    static AwsCredentialsProvider credentialsFrom(Map<String, String> env) {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token));
        }
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                || env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            return ContainerCredentialsProvider.builder().build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public URI endpoint(String service) {
        return endpoints.get(service);
    }

    public boolean hasEndpoint(String service) {
        return endpoints.containsKey(service);
    }

    /** An HTTP client for DynamoDB, S3 and SQS calls; build one per container and share it. */
    public static SdkHttpClient http(Duration readTimeout) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(readTimeout)
                .build();
    }

    /** Applies region, credentials, endpoint and the HTTP client to {@code builder}. */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, String service,
                                                                                       SdkHttpClient http) {
        builder.httpClient(http);
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        URI endpoint = endpoints.get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
