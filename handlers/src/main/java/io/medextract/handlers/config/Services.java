package io.medextract.handlers.config;

import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function shares, once per container: the environment, the clock, client settings, one HTTP client
 * and the DynamoDB client (all four functions read the results table). Each handler wires the rest itself in its
 * own composition root, so nothing here names a service only one function uses: a class referenced here would be
 * in every function's package.
 */
public final class Services {

    private final HandlerEnvironment env;
    private final SdkClients sdk;
    private final Clock clock;
    private final Path promptDirectory;
    private SdkHttpClient http;
    private DynamoDbClient dynamoDb;

    public Services(HandlerEnvironment env, SdkClients sdk, Clock clock, Path promptDirectory) {
        this.env = env;
        this.sdk = sdk;
        this.clock = clock;
        this.promptDirectory = promptDirectory;
    }

    public static Services fromEnvironment() {
        String dir = System.getenv().getOrDefault("PROMPT_TEMPLATES_DIR",
                PromptRegistry.DEFAULT_USER_DIRECTORY_NAME);
        return new Services(HandlerEnvironment.fromSystem(), SdkClients.fromEnvironment(), Clock.systemUTC(),
                Path.of(dir));
    }

    public HandlerEnvironment environment() {
        return env;
    }

    public SdkClients sdk() {
        return sdk;
    }

    public Clock clock() {
        return clock;
    }

    /** Where user prompt templates are mounted (the construct's layer). */
    public Path promptDirectory() {
        return promptDirectory;
    }

    /** The HTTP client for DynamoDB, S3 and SQS (short read timeout); Bedrock gets its own. */
    public synchronized SdkHttpClient http() {
        if (http == null) {
            http = SdkClients.http(SdkClients.AWS_READ_TIMEOUT);
        }
        return http;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = sdk.configure(DynamoDbClient.builder(), "dynamodb", http()).build();
        }
        return dynamoDb;
    }

    public DocumentRepository documents() {
        return new DocumentRepository(dynamoDb(), env.resultsTable());
    }

    public ExtractionRepository extractions() {
        return new ExtractionRepository(dynamoDb(), env.resultsTable());
    }
}
