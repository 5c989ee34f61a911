package io.medextract.handlers.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.evaluation.runs.EvaluationStore;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.lambda.CannedAwsResponses;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Lambda entry point for {@code GET /api/metrics/*} and the hourly rollup schedule. */
public final class MetricsHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("metrics");

    private final LambdaEventDispatcher dispatcher;

    public MetricsHandler() {
        this(Holder.COMPOSED.dispatcher);
        SnapStartPriming.register(() -> composedFrom(Services.forPriming(CannedAwsResponses.discarding())),
                primingRequests());
    }

    /** This function's handler wired from {@code services}: the composition root, shared with priming. */
    public static MetricsHandler composedFrom(Services services) {
        RollupRepository rollups = new RollupRepository(services.dynamoDb(), services.environment().resultsTable());
        return new MetricsHandler(new MetricsQueries(rollups, services.extractions(), services.clock()),
                new HourlyRollup(services.extractions(), rollups,
                        new ExperimentSumsRepository(services.dynamoDb(),
                                services.environment().resultsTable()), LOG),
                new EvaluationAccuracyQuery(new EvaluationStore(
                        services.dynamoDb(), services.environment().experimentsTable())),
                services.clock(), services.environment().corsAllowedOrigins());
    }

    /** The dashboard's first call: a summary over the default window (DynamoDB query, empty result). */
    public static List<String> primingRequests() {
        return List.of(SnapStartPriming.apiEvent("GET", "/api/metrics/summary", Map.of(), null));
    }

    private MetricsHandler(LambdaEventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public MetricsHandler(MetricsQueries queries, HourlyRollup rollup, EvaluationAccuracyQuery evaluations, Clock clock,
                          List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("GET", "/api/metrics/summary",
                        r -> ApiResponse.json(200, queries.summary(MetricsWindow.parse(r, clock.instant()))))
                .route("GET", "/api/metrics/versions",
                        r -> ApiResponse.json(200, queries.versions(MetricsWindow.parse(r, clock.instant()))))
                .route("GET", "/api/metrics/timeseries",
                        r -> ApiResponse.json(200, queries.timeseries(MetricsWindow.parse(r, clock.instant()))))
                .route("GET", "/api/metrics/cost",
                        r -> ApiResponse.json(200, queries.cost(MetricsWindow.parse(r, clock.instant()))))
                .route("GET", "/api/metrics/evaluations",
                        r -> ApiResponse.json(200, evaluations.accuracy(MetricsWindow.parse(r, clock.instant()))))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("metrics")
                .api(routes)
                .scheduled((event, context) -> rollup.runAt(eventTime(event.path("time").asText(), clock)))
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }

    private static Instant eventTime(String time, Clock clock) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    /** Built once per container, on first use. */
    private static final class Holder {
        static final MetricsHandler COMPOSED = composedFrom(Services.fromEnvironment());
    }
}
