package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.bedrock.ModelCapabilities;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.config.SdkClients;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.experiments.ExperimentRepository;
import io.medextract.handlers.experiments.PromptSelector;
import io.medextract.handlers.prompts.PromptLabels;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import io.medextract.handlers.prompts.PromptRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Lambda entry point for {@code POST|GET /api/extract/{id}} and for the extraction queue (SQS batches with
 * partial batch responses).
 */
public final class ExtractHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("extract");

    private final LambdaEventDispatcher dispatcher;

    public ExtractHandler() {
        this(Holder.REQUESTS, Holder.BATCHES, Holder.SERVICES.environment().corsAllowedOrigins());
        SnapStartPriming.register(this, "/api/extract/{id}");
    }

    public ExtractHandler(ExtractionRequests requests, ExtractionBatchProcessor batches,
                          java.util.List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("POST", "/api/extract/{id}", r -> ApiResponse.json(202, requests.request(
                        r.pathParameter("id"), r.query("promptVersion"),
                        Optional.ofNullable(r.headers().get("idempotency-key")), r.body(), r.requestId(),
                        r.caller())))
                .route("GET", "/api/extract/{id}", r -> ApiResponse.json(200, requests.status(r.pathParameter("id"))))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("extract")
                .api(routes)
                .sqs(batches::process)
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }

    /**
     * The composition root: built once per container, on first use. The Bedrock client is built on the first
     * model call, so API requests (status, enqueue) never pay for it.
     */
    private static final class Holder {
        static final Services SERVICES = Services.fromEnvironment();
        static final HandlerEnvironment ENV = SERVICES.environment();
        static final ModelCapabilities CAPABILITIES = ModelCapabilities.withOverride(ENV.structuredOutputModels());
        static final PromptRegistry PROMPTS = PromptRegistry.forModel(SERVICES.promptDirectory(), CAPABILITIES,
                ENV.bedrockModelId(), ENV.promptLabelVersions());
        static final SqsClient SQS = SERVICES.sdk().configure(SqsClient.builder(), "sqs", SERVICES.http()).build();
        /** One per container: it caches the running experiment. */
        static final PromptSelector SELECTOR = new PromptSelector(
                new PromptLabels(SERVICES.dynamoDb(), ENV.experimentsTable(), PROMPTS, SERVICES.clock()),
                new ExperimentRepository(SERVICES.dynamoDb(), ENV.experimentsTable()), ENV.promptLabel(),
                SERVICES.clock());
        static final ExtractionRequests REQUESTS = new ExtractionRequests(SERVICES.documents(), SERVICES.extractions(),
                PROMPTS, SELECTOR, SQS, ENV.extractionQueueUrl(), ENV.bedrockModelId(), SERVICES.clock(), LOG);
        static final ExtractionBatchProcessor BATCHES = new ExtractionBatchProcessor(worker(),
                new DeadLetterConsumer(SERVICES.documents(), SERVICES.extractions(), SELECTOR, ENV.bedrockModelId(),
                        ENV.stage(), SERVICES.clock(), LOG),
                SQS, new ExtractionQueues(ENV.extractionQueueUrl(), ENV.deadLetterQueueArn(), ENV.deadLetterQueueUrl()),
                LOG);

        private static ExtractionWorker worker() {
            return new ExtractionWorker(SERVICES.documents(), SERVICES.extractions(),
                    new DocumentObjects(DocumentObjects.client(SERVICES.sdk(), SERVICES.http()), ENV.bucket()),
                    PROMPTS, SELECTOR,
                    new BedrockExtractor(() -> BedrockExtractor.client(SERVICES.sdk(),
                            SdkClients.http(SdkClients.BEDROCK_READ_TIMEOUT)), CAPABILITIES),
                    BedrockRetryPolicy.standard(), new SchemaCheck(), PriceTable.withOverrides(ENV.bedrockPrices()),
                    ENV.bedrockModelId(), ENV.stage(), RequeuePolicy.withBudget(ENV.throttleRetryBudget()),
                    SERVICES.clock(), LOG);
        }
    }
}
