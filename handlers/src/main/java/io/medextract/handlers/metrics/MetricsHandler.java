package io.medextract.handlers.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Lambda entry point for {@code GET /api/metrics/*} and the hourly rollup schedule. */
public final class MetricsHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("metrics");

    private final LambdaEventDispatcher dispatcher;

    public MetricsHandler() {
        this(ApiRoutes.builder(LOG)
                .notImplemented("GET", "/api/metrics/summary")
                .notImplemented("GET", "/api/metrics/versions")
                .notImplemented("GET", "/api/metrics/timeseries")
                .notImplemented("GET", "/api/metrics/cost")
                .build());
    }

    MetricsHandler(ApiRoutes routes) {
        this.dispatcher = LambdaEventDispatcher.builder("metrics")
                .api(routes)
                .scheduled((event, context) -> {
                    LOG.warn("hourly rollup not implemented yet", Map.of());
                    return Map.of("rolledUp", 0);
                })
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }
}
