package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.RequestedBy;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.models.ModelCapabilities;
import io.medextract.handlers.config.BuiltOnFirstUse;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.lambda.CannedAwsResponses;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.variants.ExperimentRepository;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.prompts.PromptLabels;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.store.ActiveExtractions;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import io.medextract.handlers.prompts.PromptRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.medextract.contract.EnvironmentVariables;

/**
 * Lambda entry point for {@code POST|GET /api/extract/{id}} and for the extraction queue (SQS batches with
 * partial batch responses).
 */
public final class ExtractHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("extract");
    /** The document the priming requests ask about; it exists only in the priming copy's canned table. */
    private static final String PRIMING_DOCUMENT_ID = SortableIds.next(SortableIds.DOCUMENT, Instant.EPOCH);

    private final LambdaEventDispatcher dispatcher;

    public ExtractHandler() {
        this(Holder.COMPOSED.dispatcher);
        SnapStartPriming.register(() -> primingCopy(Services.forPriming(CannedAwsResponses.discarding())),
                primingRequests());
    }

    private ExtractHandler(LambdaEventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * A status lookup (DynamoDB query, none yet: 404) and an extraction request (DynamoDB reads and a conditional
     * write, an SQS message: 202) for the document {@link #primingCopy} puts in its canned table.
     */
    public static List<String> primingRequests() {
        Map<String, String> document = Map.of("id", PRIMING_DOCUMENT_ID);
        return List.of(
                SnapStartPriming.apiEvent("GET", "/api/extract/{id}", document, null),
                SnapStartPriming.apiEvent("POST", "/api/extract/{id}", document, null));
    }

    /** The handler for priming, wired from {@code services}, whose canned table holds one uploaded document. */
    public static ExtractHandler primingCopy(Services services) {
        services.documents().create(new DocumentRecord(PRIMING_DOCUMENT_ID, "priming.txt", DocumentType.TEXT, 1,
                null, "uploads/" + PRIMING_DOCUMENT_ID, DocumentStatus.UPLOADED, DocumentRecord.UploadMode.INLINE,
                Instant.EPOCH, Instant.EPOCH, null, SnapStartPriming.PRIMING_CALLER, null, null));
        return composedFrom(services);
    }

    public ExtractHandler(ExtractionRequests requests, ExtractionBatchProcessor batches,
                          java.util.List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("POST", "/api/extract/{id}", r -> ApiResponse.json(202, requests.request(
                        r.pathParameter("id"), r.query("promptVersion"),
                        Optional.ofNullable(r.headers().get("idempotency-key")), r.body(), r.requestId(),
                        Requester.of(r))))
                .route("GET", "/api/extract/{id}", r -> status(requests, r))
                .route("GET", Requester.ANY_OWNER_PREFIX + "extract/{id}", r -> status(requests, r))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("extract")
                .api(routes)
                .sqs(batches::process)
                .build();
    }

    private static ApiResponse status(ExtractionRequests requests, ApiRequest r) {
        return ApiResponse.json(200, requests.status(r.pathParameter("id"), Requester.of(r),
                RequestedBy.parse(r.query(RequestedBy.PARAMETER))));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }

    /** Built once per container, on first use. */
    private static final class Holder {
        static final ExtractHandler COMPOSED = composedFrom(Services.fromEnvironment());
    }

    /**
     * This function's handler wired from {@code services}: the composition root, shared with priming. The SQS, S3
     * and Bedrock clients are each built on first use: a status request needs none of them, an extraction request
     * only SQS.
     */
    public static ExtractHandler composedFrom(Services services) {
        HandlerEnvironment env = services.environment();
        ModelCapabilities capabilities = ModelCapabilities.withOverride(env.structuredOutputModels());
        PromptRegistry prompts = PromptRegistry.forModel(services.promptDirectory(), capabilities,
                env.bedrockModelId(), env.promptLabelVersions());
        Supplier<SqsClient> sqs = BuiltOnFirstUse.of(
                () -> services.sdk().configure(SqsClient.builder(), "sqs", services.http()).build());
        // One per container: it caches the running experiment.
        PromptSelector selector = new PromptSelector(
                new PromptLabels(services.dynamoDb(), env.experimentsTable(), prompts, services.clock()),
                new ExperimentRepository(services.dynamoDb(), env.experimentsTable()), env.promptLabel(),
                services.clock());
        ExtractionRequests requests = new ExtractionRequests(services.documents(), services.extractions(), prompts,
                selector, sqs, env.extractionQueueUrl(), env.bedrockModelId(), DocumentAccess.from(env.variables()),
                services.clock(), LOG,
                new ActiveExtractions(services.dynamoDb(), env.resultsTable(), services.extractions()),
                new CallerRateLimits(services.dynamoDb(), env.resultsTable(), services.clock()),
                CallerRateLimits.Limit.fromEnvironment(env.variables(), EnvironmentVariables.CALLER_EXTRACTION_LIMIT),
                new Compensations(LOG, env.stage(), services.clock()));
        ExtractionWorker worker = new ExtractionWorker(services.documents(), services.extractions(),
                new DocumentObjects(BuiltOnFirstUse.of(() -> DocumentObjects.client(services.sdk(), services.http())),
                        env.bucket()),
                prompts, selector, new DocumentPreparation(LOG),
                new BedrockExtractor(() -> BedrockExtractor.client(services.sdk(),
                        SdkClients.http(SdkClients.BEDROCK_READ_TIMEOUT)), capabilities),
                BedrockRetryPolicy.standard(), new SchemaCheck(), PriceTable.withOverrides(env.bedrockPrices()),
                env.bedrockModelId(), env.stage(), RequeuePolicy.withBudget(env.throttleRetryBudget()),
                services.clock(), LOG);
        ExtractionBatchProcessor batches = new ExtractionBatchProcessor(worker,
                new DeadLetterConsumer(services.documents(), services.extractions(), selector, env.bedrockModelId(),
                        env.stage(), services.clock(), LOG),
                sqs, ExtractionQueues.fromEnvironment(env.variables()), LOG);
        return new ExtractHandler(requests, batches, env.corsAllowedOrigins());
    }
}
