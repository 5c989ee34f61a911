package io.medextract.handlers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.http.StructuredLog;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndGetsAClientErrorWithoutSideEffects() {
        AtomicInteger routed = new AtomicInteger();
        ApiRoutes routes = ApiRoutes.builder(StructuredLog.toStdout("test"))
                .route("GET", "/api/documents/{id}", r -> {
                    routed.incrementAndGet();
                    if (!r.pathParameter("id").startsWith("doc_")) {
                        throw ApiException.badRequest("bad id");
                    }
                    return ApiResponse.json(200, java.util.Map.of());
                })
                .build();
        LambdaEventDispatcher dispatcher = LambdaEventDispatcher.builder("upload").api(routes).build();
        int status = SnapStartPriming.primeForTest((in, out, ctx) -> dispatcher.dispatch(in, out, ctx),
                "/api/documents/{id}");
        assertThat(status).isEqualTo(400);
        assertThat(routed).hasValue(1);
    }
}
