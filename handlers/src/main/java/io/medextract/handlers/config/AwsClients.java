package io.medextract.handlers.config;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients, built once per container and shared by every invocation. Region, credentials and endpoints
 * come from the standard environment ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_<SERVICE>}), which is also
 * how tests point them at local servers.
 */
public final class AwsClients {

    private final SdkHttpClient http;
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    private S3Presigner presigner;
    private SqsClient sqs;
    private BedrockRuntimeClient bedrock;

    public AwsClients() {
        // Bedrock answers can take a minute; the other services answer in milliseconds.
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(120))
                .build();
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().httpClient(http).build();
        }
        return dynamoDb;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder().httpClient(http).build();
        }
        return s3;
    }

    public synchronized S3Presigner presigner() {
        if (presigner == null) {
            presigner = S3Presigner.builder().build();
        }
        return presigner;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().httpClient(http).build();
        }
        return sqs;
    }

    /** Retries are ours (see {@code BedrockRetryPolicy}), so the client makes exactly one attempt. */
    public synchronized BedrockRuntimeClient bedrock() {
        if (bedrock == null) {
            bedrock = BedrockRuntimeClient.builder()
                    .httpClient(http)
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(b -> b.maxAttempts(1))
                            .apiCallTimeout(Duration.ofSeconds(150))
                            .build())
                    .build();
        }
        return bedrock;
    }
}
