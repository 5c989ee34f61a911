package io.medextract.handlers.config;

import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.bedrock.ModelCapabilities;
import io.medextract.handlers.experiments.ExperimentObservations;
import io.medextract.handlers.experiments.ExperimentRepository;
import io.medextract.handlers.experiments.ExperimentSumsRepository;
import io.medextract.handlers.experiments.ExperimentService;
import io.medextract.handlers.experiments.PromptSelector;
import io.medextract.handlers.extract.DeadLetterConsumer;
import io.medextract.handlers.extract.ExtractionBatchProcessor;
import io.medextract.handlers.extract.ExtractionQueues;
import io.medextract.handlers.extract.ExtractionRequests;
import io.medextract.handlers.extract.ExtractionWorker;
import io.medextract.handlers.extract.RequeuePolicy;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.handlers.prompts.PromptLabels;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.upload.UploadService;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root: wires services from the environment and the shared SDK clients. Plain
 * constructor injection; each handler asks only for what it uses, so nothing else is built.
 */
public final class Services {

    private final HandlerEnvironment env;
    private final AwsClients clients;
    private final Clock clock;
    private final Path promptDirectory;
    private PromptSelector selector;

    public Services(HandlerEnvironment env, AwsClients clients, Clock clock, Path promptDirectory) {
        this.env = env;
        this.clients = clients;
        this.clock = clock;
        this.promptDirectory = promptDirectory;
    }

    public static Services fromEnvironment() {
        String dir = System.getenv().getOrDefault("PROMPT_TEMPLATES_DIR",
                PromptRegistry.DEFAULT_USER_DIRECTORY.toString());
        return new Services(HandlerEnvironment.fromSystem(), new AwsClients(AwsClients.Settings.defaults()),
                Clock.systemUTC(), Path.of(dir));
    }

    public HandlerEnvironment environment() {
        return env;
    }

    public AwsClients clients() {
        return clients;
    }

    public UploadService uploads(StructuredLog log) {
        return new UploadService(documents(), extractions(), objects(),
                new IdempotencyRecords(clients.dynamoDb(), env.resultsTable()), clock, log);
    }

    public ExtractionRequests extractionRequests(PromptRegistry prompts, StructuredLog log) {
        return new ExtractionRequests(documents(), extractions(), prompts, selector(prompts), clients.sqs(),
                env.extractionQueueUrl(), env.bedrockModelId(), clock, log);
    }

    public ExtractionWorker extractionWorker(PromptRegistry prompts, StructuredLog log) {
        return new ExtractionWorker(documents(), extractions(), objects(), prompts, selector(prompts),
                new BedrockExtractor(clients.bedrock(), capabilities()), BedrockRetryPolicy.standard(), new SchemaCheck(),
                PriceTable.withOverrides(env.bedrockPrices()), env.bedrockModelId(),
                env.stage(), RequeuePolicy.withBudget(env.throttleRetryBudget()), clock, log);
    }

    public ExtractionBatchProcessor extractionBatches(PromptRegistry prompts, StructuredLog log) {
        return new ExtractionBatchProcessor(extractionWorker(prompts, log), new DeadLetterConsumer(documents(),
                extractions(), selector(prompts), env.bedrockModelId(), env.stage(), clock, log), clients.sqs(),
                new ExtractionQueues(env.extractionQueueUrl(), env.deadLetterQueueArn(), env.deadLetterQueueUrl()),
                log);
    }

    public MetricsQueries metricsQueries() {
        return new MetricsQueries(rollups(), extractions(), clock);
    }

    public HourlyRollup hourlyRollup(StructuredLog log) {
        return new HourlyRollup(extractions(), rollups(), experimentSums(), log);
    }

    private RollupRepository rollups() {
        return new RollupRepository(clients.dynamoDb(), env.resultsTable());
    }

    public ExperimentService experiments(PromptRegistry prompts, StructuredLog log) {
        return new ExperimentService(experimentRepository(), new ExperimentObservations(experimentSums(), extractions(),
                clock, HourlyRollup.HOURS_PER_RUN), prompts, env.promptLabel(), clock, log);
    }

    private ExperimentSumsRepository experimentSums() {
        return new ExperimentSumsRepository(clients.dynamoDb(), env.resultsTable());
    }

    private ExperimentRepository experimentRepository() {
        return new ExperimentRepository(clients.dynamoDb(), env.experimentsTable());
    }

    /** Templates are checked against the structured-output limits when this stage's model gets structured output. */
    /** {"production": "referral-letter@1"} as the construct writes it. */
    private static java.util.Map<String, String> labelVersions(String json) {
        java.util.Map<String, String> versions = new java.util.LinkedHashMap<>();
        io.medextract.handlers.http.Json.readTree(new java.io.ByteArrayInputStream(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
        return versions;
    }

    public PromptRegistry prompts() {
        PromptRegistry registry = PromptRegistry.load(promptDirectory,
                capabilities().supportsStructuredOutput(env.bedrockModelId()));
        return env.promptLabelVersions() == null ? registry
                : registry.withLabelDefaults(labelVersions(env.promptLabelVersions()));
    }

    private ModelCapabilities capabilities() {
        return ModelCapabilities.withOverride(env.structuredOutputModels());
    }

    /** One selector per container: it caches the running experiment. */
    private synchronized PromptSelector selector(PromptRegistry prompts) {
        if (selector == null) {
            selector = new PromptSelector(labels(prompts), experimentRepository(),
                    env.promptLabel(), clock);
        }
        return selector;
    }

    private PromptLabels labels(PromptRegistry prompts) {
        return new PromptLabels(clients.dynamoDb(), env.experimentsTable(), prompts, clock);
    }

    private DocumentRepository documents() {
        return new DocumentRepository(clients.dynamoDb(), env.resultsTable());
    }

    private ExtractionRepository extractions() {
        return new ExtractionRepository(clients.dynamoDb(), env.resultsTable());
    }

    private DocumentObjects objects() {
        return new DocumentObjects(clients.s3(), clients.presigner(), env.bucket());
    }
}
