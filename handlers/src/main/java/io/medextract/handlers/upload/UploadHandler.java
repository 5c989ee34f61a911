package io.medextract.handlers.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.RequestedBy;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.config.BuiltOnFirstUse;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.lambda.CannedAwsResponses;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.lambda.LambdaEventDispatcher;
import io.medextract.handlers.lambda.SnapStartPriming;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.store.LabelledDocumentItems;
import io.medextract.handlers.store.PresignedUploads;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point for {@code POST /api/upload}, {@code GET /api/documents/{id}} (and its any-owner route) and
 * {@code DELETE /api/documents/{id}}.
 */
public final class UploadHandler implements RequestStreamHandler {

    private static final StructuredLog LOG = StructuredLog.toStdout("upload");

    private final LambdaEventDispatcher dispatcher;

    public UploadHandler() {
        this(Holder.COMPOSED.dispatcher);
        SnapStartPriming.register(() -> composedFrom(Services.forPriming(CannedAwsResponses.discarding())),
                primingRequests());
    }

    /** This function's handler wired from {@code services}: the composition root, shared with priming. */
    public static UploadHandler composedFrom(Services services) {
        // One S3 client, built on the first request that needs it: uploads and erasures share it.
        java.util.function.Supplier<software.amazon.awssdk.services.s3.S3Client> s3 =
                BuiltOnFirstUse.of(() -> DocumentObjects.client(services.sdk(), services.http()));
        return new UploadHandler(uploads(services, s3), erasure(services, s3), services.environment().corsAllowedOrigins());
    }

    /**
     * Inline uploads of a note and of a one-page PDF (S3 put, DynamoDB writes; the PDF also the page-tree check)
     * and a document lookup (DynamoDB read, 404).
     */
    public static List<String> primingRequests() {
        String document = Base64.getEncoder().encodeToString(
                "SnapStart priming document.".getBytes(StandardCharsets.UTF_8));
        String pdf = Base64.getEncoder().encodeToString(PrimingPdf.bytes());
        return List.of(
                SnapStartPriming.apiEvent("POST", "/api/upload", Map.of(),
                        "{\"filename\":\"priming.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + document + "\"}"),
                SnapStartPriming.apiEvent("POST", "/api/upload", Map.of(),
                        "{\"filename\":\"priming.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\"" + pdf + "\"}"),
                SnapStartPriming.apiEvent("GET", "/api/documents/{id}",
                        Map.of("id", SortableIds.next(SortableIds.DOCUMENT, Instant.EPOCH)), null));
    }

    private UploadHandler(LambdaEventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public UploadHandler(UploadService uploads, DocumentErasure erasure, java.util.List<String> corsOrigins) {
        ApiRoutes routes = ApiRoutes.builder(LOG)
                .corsOrigins(corsOrigins)
                .route("POST", "/api/upload", r -> {
                    UploadService.Outcome outcome = uploads.upload(UploadRequest.parse(r), new UploadService.Caller(
                            r.caller(), java.util.Optional.ofNullable(r.headers().get("idempotency-key")), r.requestId()));
                    ApiResponse response = ApiResponse.json(201, outcome.body());
                    return outcome.replayed() ? response.withHeaders(java.util.Map.of("Idempotent-Replay", "true")) : response;
                })
                .route("GET", "/api/documents/{id}", r -> document(uploads, r))
                .route("GET", Requester.ANY_OWNER_PREFIX + "documents/{id}", r -> document(uploads, r))
                .route("DELETE", "/api/documents/{id}", r -> ApiResponse.json(200,
                        erasure.erase(r.pathParameter("id"), r.caller(), r.requestId())))
                .build();
        this.dispatcher = LambdaEventDispatcher.builder("upload").api(routes).build();
    }

    private static ApiResponse document(UploadService uploads, ApiRequest r) {
        return ApiResponse.json(200, uploads.get(r.pathParameter("id"), Requester.of(r),
                RequestedBy.parse(r.query(RequestedBy.PARAMETER))));
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
        static final UploadHandler COMPOSED = composedFrom(Services.fromEnvironment());
    }

    /** Erasures read and delete in the documents bucket and, for evaluation documents, the experiments table. */
    private static DocumentErasure erasure(Services services,
                                           java.util.function.Supplier<software.amazon.awssdk.services.s3.S3Client> s3) {
        return new DocumentErasure(services.documents(), new DocumentObjects(s3, services.environment().bucket()),
                new LabelledDocumentItems(services.dynamoDb(), services.environment().experimentsTable()),
                services.clock(), LOG);
    }

    /** The S3 client is built on the first upload (document lookups never need it), the presigner on the first presigned upload. */
    private static UploadService uploads(Services services,
                                         java.util.function.Supplier<software.amazon.awssdk.services.s3.S3Client> s3) {
        return new UploadService(services.documents(), new DocumentObjects(s3, services.environment().bucket()),
                new PresignedUploads(() -> PresignedUploads.presigner(services.sdk()), services.environment().bucket()),
                new IdempotencyRecords(services.dynamoDb(), services.environment().resultsTable()),
                DocumentAccess.from(services.environment().variables()),
                Retention.from(services.environment().variables()), services.clock(), LOG);
    }
}
