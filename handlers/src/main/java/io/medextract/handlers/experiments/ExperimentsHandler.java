package io.medextract.handlers.experiments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.models.ModelCapabilities;
import io.medextract.handlers.config.BuiltOnFirstUse;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.lambda.CannedAwsResponses;
import io.medextract.handlers.evaluation.runs.EvaluationDispatch;
import io.medextract.handlers.evaluation.runs.EvaluationEvidence;
import io.medextract.handlers.evaluation.runs.EvaluationRunService;
import io.medextract.handlers.evaluation.runs.EvaluationSetService;
import io.medextract.handlers.evaluation.runs.EvaluationSettings;
import io.medextract.handlers.evaluation.runs.EvaluationStore;
import io.medextract.handlers.evaluation.runs.ExpectedCheck;
import io.medextract.handlers.evaluation.runs.ImportPrefix;
import io.medextract.handlers.evaluation.runs.RunScoring;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.store.DocumentObjects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.medextract.handlers.variants.ExperimentRepository;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.contract.EnvironmentVariables;

/**
 * Lambda entry point for {@code /api/experiments}, {@code /api/evaluation-sets} and {@code /api/evaluations} with
 * their sub-resources, and for the schedule that scores finished evaluation runs.
 */
public final class ExperimentsHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("experiments");

    private final LambdaEventDispatcher dispatcher;

    public ExperimentsHandler() {
        this(Holder.COMPOSED.dispatcher);
        SnapStartPriming.register(() -> composedFrom(Services.forPriming(CannedAwsResponses.discarding())),
                primingRequests());
    }

    private ExperimentsHandler(LambdaEventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** This function's handler wired from {@code services}: the composition root, shared with priming. */
    public static ExperimentsHandler composedFrom(Services services) {
        HandlerEnvironment env = services.environment();
        EvaluationSettings evaluation = EvaluationSettings.from(env.variables());
        PromptRegistry prompts = PromptRegistry.forModel(services.promptDirectory(),
                ModelCapabilities.withOverride(env.structuredOutputModels()), env.bedrockModelId(),
                env.promptLabelVersions());
        // S3 and SQS serve only evaluation sets and runs: built on the first such request, not at init.
        Supplier<S3Client> s3 = BuiltOnFirstUse.of(() -> DocumentObjects.client(services.sdk(), services.http()));
        Supplier<SqsClient> sqs = BuiltOnFirstUse.of(
                () -> services.sdk().configure(SqsClient.builder(), "sqs", services.http()).build());
        EvaluationStore store = new EvaluationStore(services.dynamoDb(), env.experimentsTable());
        RunScoring scoring = new RunScoring();
        EvaluationSetService sets = new EvaluationSetService(store, services.documents(),
                new DocumentObjects(s3, env.bucket()), new ImportPrefix(s3, env.bucket()), prompts,
                new ExpectedCheck(), DocumentAccess.from(env.variables()), Retention.from(env.variables()),
                services.clock(), LOG, new Compensations(LOG, env.stage(), services.clock()));
        // Runs go to the evaluation queue: its own low concurrency, so production uploads never wait behind a run.
        EvaluationRunService runs = new EvaluationRunService(store, services.extractions(),
                new EvaluationDispatch(services.extractions(), sqs, evaluation.evaluationQueueUrl()),
                prompts, scoring, env.bedrockModelId(), evaluation.otherModels(), env.stage(), services.clock(), LOG,
                new CallerRateLimits(services.dynamoDb(), env.resultsTable(), services.clock()),
                CallerRateLimits.Limit.fromEnvironment(env.variables(), EnvironmentVariables.CALLER_EVALUATION_LIMIT));
        ExperimentService service = new ExperimentService(
                new ExperimentRepository(services.dynamoDb(), env.experimentsTable()),
                new ExperimentPages(services.dynamoDb(), env.experimentsTable()),
                new ExperimentObservations(new ExperimentSumsRepository(services.dynamoDb(), env.resultsTable()),
                        services.extractions(), services.clock()),
                prompts, env.promptLabel(), services.clock(), LOG,
                new EvaluationEvidence(runs, store, scoring, services.documents(), evaluation.gateSet(),
                        evaluation.gateMaxRegression()),
                new PromptLabelMoves(services.dynamoDb(), env.experimentsTable(), evaluation.auditTable(), store));
        return new ExperimentsHandler(service, sets, runs, env.corsAllowedOrigins());
    }

    /** The list (DynamoDB query) and one experiment that does not exist (DynamoDB read, 404). */
    public static List<String> primingRequests() {
        return List.of(
                SnapStartPriming.apiEvent("GET", "/api/experiments", Map.of(), null),
                SnapStartPriming.apiEvent("GET", "/api/experiments/{id}",
                        Map.of("id", SortableIds.next(SortableIds.EXPERIMENT, Instant.EPOCH)), null));
    }

    /**
     * Evaluations live here because this function owns prompt versions and promotion: the promotion gate and the
     * experiment results read runs and scores in the same process, with no call between functions.
     */
    public ExperimentsHandler(ExperimentService service, EvaluationSetService sets, EvaluationRunService runs,
                              List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("GET", "/api/experiments", r -> ApiResponse.json(200, service.list(
                        ListingRequest.fromQuery(r.queryParameters()))))
                .route("POST", "/api/experiments", r -> ApiResponse.json(201, service.create(r.body())))
                .route("GET", "/api/experiments/{id}", r -> ApiResponse.json(200, service.get(r.pathParameter("id"))))
                .route("PATCH", "/api/experiments/{id}", r -> ApiResponse.json(200, service.patch(
                        r.pathParameter("id"), r.body(), Optional.ofNullable(r.headers().get("if-match")))))
                .route("POST", "/api/experiments/{id}/start", r -> ApiResponse.json(200, service.start(r.pathParameter("id"))))
                .route("POST", "/api/experiments/{id}/stop", r -> ApiResponse.json(200, service.stop(r.pathParameter("id"))))
                .route("POST", "/api/experiments/{id}/promote", r -> ApiResponse.json(200,
                        service.promote(r.pathParameter("id"), r.body(), r.caller())))
                .route("POST", "/api/experiments/{id}/rollback", r -> ApiResponse.json(200,
                        service.rollback(r.pathParameter("id"), r.caller())))
                .route("GET", "/api/experiments/{id}/results", r -> ApiResponse.json(200,
                        service.results(r.pathParameter("id"))))
                .route("GET", "/api/evaluation-sets", r -> ApiResponse.json(200, sets.list()))
                .route("POST", "/api/evaluation-sets", r -> ApiResponse.json(201, sets.create(r.body(),
                        Requester.of(r))))
                .route("GET", "/api/evaluation-sets/{id}", r -> ApiResponse.json(200,
                        sets.get(r.pathParameter("id"), Requester.of(r))))
                .route("GET", Requester.ANY_OWNER_PREFIX + "evaluation-sets/{id}", r -> ApiResponse.json(200,
                        sets.get(r.pathParameter("id"), Requester.of(r))))
                .route("POST", "/api/evaluation-sets/{id}/documents", r -> ApiResponse.json(201,
                        sets.addDocument(r.pathParameter("id"), r.body(), Requester.of(r))))
                .route("POST", "/api/evaluations", r -> {
                    EvaluationRunService.Created created = runs.create(r.body(),
                            Optional.ofNullable(r.headers().get("idempotency-key")), r.caller());
                    return ApiResponse.json(created.existed() ? 200 : 201, created.body());
                })
                .route("GET", "/api/evaluations", r -> ApiResponse.json(200, runs.list(r.query("set"),
                        r.query("promptVersion"))))
                .route("GET", "/api/evaluations/compare", r -> ApiResponse.json(200, runs.compare(
                        r.query("baseline"), r.query("candidate"))))
                .route("GET", "/api/evaluations/{id}", r -> ApiResponse.json(200, runs.get(r.pathParameter("id"))))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("experiments").api(routes)
                // Every few minutes: score runs whose extractions have all finished, even if nobody asks.
                .scheduled((event, context) -> runs.completePending())
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }

    /** Built once per container, on first use. */
    private static final class Holder {
        static final ExperimentsHandler COMPOSED = composedFrom(Services.fromEnvironment());
    }
}
