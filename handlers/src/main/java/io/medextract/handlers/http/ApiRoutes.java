package io.medextract.handlers.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import io.medextract.handlers.logging.StructuredLog;

/**
 * Dispatches an {@link ApiRequest} to the route registered for its method and resource template, and
 * turns every failure into a JSON error response: callers never see a stack trace. A request body that is not
 * declared {@code application/json} is answered 415 before any route reads it ({@link JsonRequestBodies}).
 */
public final class ApiRoutes {

    private final Map<String, Function<ApiRequest, ApiResponse>> routes;
    private final StructuredLog log;
    private final java.util.List<String> corsOrigins;

    private ApiRoutes(Map<String, Function<ApiRequest, ApiResponse>> routes, StructuredLog log,
                      java.util.List<String> corsOrigins) {
        this.routes = Map.copyOf(routes);
        this.log = log;
        this.corsOrigins = java.util.List.copyOf(corsOrigins);
    }

    public static Builder builder(StructuredLog log) {
        return new Builder(log);
    }

    public ApiResponse handle(ApiRequest request) {
        ApiResponse response = dispatch(request);
        String origin = request.headers().get("origin");
        if (corsOrigins.contains("*")) {
            return response.withHeaders(Map.of("Access-Control-Allow-Origin", "*"));
        }
        if (origin != null && corsOrigins.contains(origin)) {
            return response.withHeaders(Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin"));
        }
        return response;
    }

    private ApiResponse dispatch(ApiRequest request) {
        Function<ApiRequest, ApiResponse> route = routes.get(request.routeKey());
        if (route == null) {
            return ApiResponse.error(404, "route_not_found",
                    "no route for " + request.routeKey(), request.requestId());
        }
        java.util.Optional<ApiException> refused = JsonRequestBodies.refusal(request);
        if (refused.isPresent()) {
            return rejected(request, refused.get());
        }
        try {
            ApiResponse response = route.apply(request);
            log.info("request handled", Map.of("route", request.routeKey(), "status", response.statusCode(),
                    "requestId", request.requestId()));
            return response;
        } catch (ApiException e) {
            return rejected(request, e);
        } catch (RuntimeException e) {
            // Only the exception type goes to the log: messages can quote document content.
            log.error("request failed", Map.of("route", request.routeKey(), "exception", e.getClass().getName(),
                    "requestId", request.requestId()));
            return ApiResponse.error(500, "internal_error",
                    "the request could not be completed; quote the request id when reporting it", request.requestId());
        }
    }

    private ApiResponse rejected(ApiRequest request, ApiException e) {
        log.info("request rejected", Map.of("route", request.routeKey(), "status", e.statusCode(),
                "error", e.errorCode(), "requestId", request.requestId()));
        return ApiResponse.error(e.statusCode(), e.errorCode(), e.getMessage(), request.requestId(), e.details())
                .withHeaders(e.headers());
    }

    public static final class Builder {
        private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();
        private final StructuredLog log;
        private java.util.List<String> corsOrigins = java.util.List.of();

        private Builder(StructuredLog log) {
            this.log = log;
        }

        public Builder route(String method, String resource, Function<ApiRequest, ApiResponse> handler) {
            routes.put(method + " " + resource, handler);
            return this;
        }

        /** A route whose logic is not built yet: answers 501 with a JSON body instead of pretending. */
        public Builder notImplemented(String method, String resource) {
            return route(method, resource, request -> {
                throw ApiException.notImplemented(method + " " + resource + " is not implemented yet");
            });
        }

        /** Origins that get an Access-Control-Allow-Origin header (from CORS_ALLOWED_ORIGINS). */
        public Builder corsOrigins(java.util.List<String> origins) {
            this.corsOrigins = origins;
            return this;
        }

        public ApiRoutes build() {
            return new ApiRoutes(routes, log, corsOrigins);
        }
    }
}
