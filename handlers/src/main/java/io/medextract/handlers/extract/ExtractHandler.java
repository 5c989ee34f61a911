package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point for {@code POST|GET /api/extract/{id}} and for the extraction queue (SQS batches with
 * partial batch responses).
 */
public final class ExtractHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("extract");

    private final LambdaEventDispatcher dispatcher;

    public ExtractHandler() {
        this(ApiRoutes.builder(LOG)
                .notImplemented("POST", "/api/extract/{id}")
                .notImplemented("GET", "/api/extract/{id}")
                .build());
    }

    ExtractHandler(ApiRoutes routes) {
        this.dispatcher = LambdaEventDispatcher.builder("extract")
                .api(routes)
                .sqs(ExtractHandler::returnWholeBatch)
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output);
    }

    /** Until extraction is built every message goes back to the queue (and finally the DLQ): none is lost. */
    private static Object returnWholeBatch(JsonNode event) {
        List<Map<String, String>> failures = new ArrayList<>();
        event.path("Records").forEach(r -> failures.add(Map.of("itemIdentifier", r.path("messageId").asText())));
        LOG.warn("extraction not implemented; batch returned to the queue", Map.of("messages", failures.size()));
        return Map.of("batchItemFailures", failures);
    }
}
