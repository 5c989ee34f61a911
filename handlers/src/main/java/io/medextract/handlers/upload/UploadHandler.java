package io.medextract.handlers.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.store.PresignedUploads;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for {@code POST /api/upload} and {@code GET /api/documents/{id}}. */
public final class UploadHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("upload");

    private final LambdaEventDispatcher dispatcher;

    public UploadHandler() {
        this(Holder.UPLOADS, Holder.SERVICES.environment().corsAllowedOrigins());
        SnapStartPriming.register(this, "/api/documents/{id}");
    }

    public UploadHandler(UploadService uploads, java.util.List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("POST", "/api/upload", r -> {
                    UploadService.Outcome outcome = uploads.upload(UploadRequest.parse(r), new UploadService.Caller(
                            r.caller(), java.util.Optional.ofNullable(r.headers().get("idempotency-key")), r.requestId()));
                    ApiResponse response = ApiResponse.json(201, outcome.body());
                    return outcome.replayed() ? response.withHeaders(java.util.Map.of("Idempotent-Replay", "true")) : response;
                })
                .route("GET", "/api/documents/{id}", r -> ApiResponse.json(200, uploads.get(r.pathParameter("id"))))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("upload").api(routes).build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        dispatcher.dispatch(input, output, context);
    }

    /**
     * The composition root: built once per container, on first use. The presigner is built on the first presigned
     * upload, not here: most uploads are inline.
     */
    private static final class Holder {
        static final Services SERVICES = Services.fromEnvironment();
        static final UploadService UPLOADS = new UploadService(SERVICES.documents(), SERVICES.extractions(),
                new DocumentObjects(DocumentObjects.client(SERVICES.sdk(), SERVICES.http()),
                        SERVICES.environment().bucket()),
                new PresignedUploads(() -> PresignedUploads.presigner(SERVICES.sdk()), SERVICES.environment().bucket()),
                new IdempotencyRecords(SERVICES.dynamoDb(), SERVICES.environment().resultsTable()),
                SERVICES.clock(), LOG);
    }
}
