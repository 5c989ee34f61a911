package io.medextract.handlers.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Lambda entry point for {@code GET /api/metrics/*} and the hourly rollup schedule. */
public final class MetricsHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("metrics");

    private final LambdaEventDispatcher dispatcher;

    public MetricsHandler() {
        this(Holder.QUERIES, Holder.ROLLUP, Holder.EVALUATIONS, Clock.systemUTC(),
                Holder.SERVICES.environment().corsAllowedOrigins());
        SnapStartPriming.register(this, "/api/metrics/summary");
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
        static final Services SERVICES = Services.fromEnvironment();
        static final RollupRepository ROLLUPS = new RollupRepository(SERVICES.dynamoDb(),
                SERVICES.environment().resultsTable());
        static final MetricsQueries QUERIES = new MetricsQueries(ROLLUPS, SERVICES.extractions(), SERVICES.clock());
        static final EvaluationAccuracyQuery EVALUATIONS = new EvaluationAccuracyQuery(
                new io.medextract.handlers.evaluation.runs.EvaluationStore(SERVICES.dynamoDb(),
                        SERVICES.environment().experimentsTable()));
        static final HourlyRollup ROLLUP = new HourlyRollup(SERVICES.extractions(), ROLLUPS,
                new io.medextract.handlers.experiments.ExperimentSumsRepository(SERVICES.dynamoDb(),
                        SERVICES.environment().resultsTable()), LOG);
    }
}
