package io.medextract.handlers.experiments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.bedrock.ModelCapabilities;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.lambda.CannedAwsResponses;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lambda entry point for {@code /api/experiments} and its sub-resources. */
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
        ExperimentService service = new ExperimentService(
                new ExperimentRepository(services.dynamoDb(), env.experimentsTable()),
                new ExperimentObservations(new ExperimentSumsRepository(services.dynamoDb(), env.resultsTable()),
                        services.extractions(), services.clock(), HourlyRollup.HOURS_PER_RUN),
                PromptRegistry.forModel(services.promptDirectory(),
                        ModelCapabilities.withOverride(env.structuredOutputModels()), env.bedrockModelId(),
                        env.promptLabelVersions()),
                env.promptLabel(), services.clock(), LOG);
        return new ExperimentsHandler(service, env.corsAllowedOrigins());
    }

    /** The list (DynamoDB query) and one experiment that does not exist (DynamoDB read, 404). */
    public static List<String> primingRequests() {
        return List.of(
                SnapStartPriming.apiEvent("GET", "/api/experiments", Map.of(), null),
                SnapStartPriming.apiEvent("GET", "/api/experiments/{id}",
                        Map.of("id", SortableIds.next(SortableIds.EXPERIMENT, Instant.EPOCH)), null));
    }

    public ExperimentsHandler(ExperimentService service, List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("GET", "/api/experiments", r -> ApiResponse.json(200, service.list()))
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
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("experiments").api(routes).build();
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
