package io.medextract.handlers.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for {@code POST /api/upload} and {@code GET /api/documents/{id}}. */
public final class UploadHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("upload");

    private final LambdaEventDispatcher dispatcher;

    public UploadHandler() {
        this(ApiRoutes.builder(LOG)
                .notImplemented("POST", "/api/upload")
                .notImplemented("GET", "/api/documents/{id}")
                .build());
    }

    UploadHandler(ApiRoutes routes) {
        this.dispatcher = LambdaEventDispatcher.builder("upload").api(routes).build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output);
    }
}
