package io.medextract.handlers.config;

import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.contract.EnvironmentVariables;

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
        this(env, sdk, clock, promptDirectory, null);
    }

    /** @param http the HTTP client for DynamoDB, S3 and SQS; null: built on first use */
    public Services(HandlerEnvironment env, SdkClients sdk, Clock clock, Path promptDirectory, SdkHttpClient http) {
        this.env = env;
        this.sdk = sdk;
        this.clock = clock;
        this.promptDirectory = promptDirectory;
        this.http = http;
    }

    public static Services fromEnvironment() {
        return new Services(HandlerEnvironment.fromSystem(), SdkClients.fromEnvironment(), Clock.systemUTC(),
                promptDirectory(System.getenv()));
    }

    /**
     * The same wiring for SnapStart priming: this function's settings, but a fake identity and an HTTP client that
     * answers canned responses, so priming reaches no AWS service and shares no client or cache with the function.
     */
    public static Services forPriming(SdkHttpClient cannedAws) {
        Map<String, String> env = System.getenv();
        return new Services(HandlerEnvironment.from(env), SdkClients.forPriming(env), Clock.systemUTC(),
                promptDirectory(env), cannedAws);
    }

    private static Path promptDirectory(Map<String, String> env) {
        return Path.of(env.getOrDefault(EnvironmentVariables.PROMPT_TEMPLATES_DIR, PromptRegistry.DEFAULT_USER_DIRECTORY_NAME));
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
