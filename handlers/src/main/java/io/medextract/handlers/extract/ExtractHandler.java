package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.config.Services;
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
                        Optional.ofNullable(r.headers().get("idempotency-key")), r.body(), r.requestId())))
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

    /** Built once per container, on first use. */
    private static final class Holder {
        static final Services SERVICES = Services.fromEnvironment();
        static final PromptRegistry PROMPTS = SERVICES.prompts();
        static final ExtractionRequests REQUESTS = SERVICES.extractionRequests(PROMPTS, LOG);
        static final ExtractionBatchProcessor BATCHES = SERVICES.extractionBatches(PROMPTS, LOG);
    }
}
