package io.medextract.handlers.experiments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for {@code /api/experiments} and its sub-resources. */
public final class ExperimentsHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("experiments");

    private final LambdaEventDispatcher dispatcher;

    public ExperimentsHandler() {
        this(ApiRoutes.builder(LOG)
                .notImplemented("GET", "/api/experiments")
                .notImplemented("POST", "/api/experiments")
                .notImplemented("GET", "/api/experiments/{id}")
                .notImplemented("PATCH", "/api/experiments/{id}")
                .notImplemented("POST", "/api/experiments/{id}/start")
                .notImplemented("POST", "/api/experiments/{id}/stop")
                .notImplemented("POST", "/api/experiments/{id}/promote")
                .notImplemented("GET", "/api/experiments/{id}/results")
                .build());
    }

    ExperimentsHandler(ApiRoutes routes) {
        this.dispatcher = LambdaEventDispatcher.builder("experiments").api(routes).build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }
}
