package io.medextract.handlers.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.http.ApiRoutes;
import io.medextract.handlers.json.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;
import com.amazonaws.services.lambda.runtime.Context;

/**
 * Reads a raw Lambda event, decides which service sent it and hands it to the matching handler;
 * the handler's answer is written back as JSON. Events a function is not wired for fail loudly.
 */
public final class LambdaEventDispatcher {

    private final String functionName;
    private final Map<LambdaEventKind, BiFunction<JsonNode, Context, Object>> handlers;

    private LambdaEventDispatcher(String functionName, Map<LambdaEventKind, BiFunction<JsonNode, Context, Object>> handlers) {
        this.functionName = functionName;
        this.handlers = Map.copyOf(handlers);
    }

    public static Builder builder(String functionName) {
        return new Builder(functionName);
    }

    public void dispatch(InputStream input, OutputStream output, Context context) {
        JsonNode event = Json.readTree(input);
        LambdaEventKind kind = LambdaEventKind.of(event);
        BiFunction<JsonNode, Context, Object> handler = handlers.get(kind);
        if (handler == null) {
            throw new UnsupportedEventException(functionName, kind);
        }
        Object result = handler.apply(event, context);
        Json.write(output, result == null ? Map.of() : result);
    }

    public static final class Builder {
        private final String functionName;
        private final Map<LambdaEventKind, BiFunction<JsonNode, Context, Object>> handlers = new EnumMap<>(LambdaEventKind.class);

        private Builder(String functionName) {
            this.functionName = functionName;
        }

        public Builder api(ApiRoutes routes) {
            handlers.put(LambdaEventKind.API_GATEWAY, (event, context) -> routes.handle(ApiRequest.fromEvent(event)));
            return this;
        }

        public Builder sqs(BiFunction<JsonNode, Context, Object> handler) {
            handlers.put(LambdaEventKind.SQS, handler);
            return this;
        }

        public Builder scheduled(BiFunction<JsonNode, Context, Object> handler) {
            handlers.put(LambdaEventKind.SCHEDULED, handler);
            return this;
        }

        public LambdaEventDispatcher build() {
            return new LambdaEventDispatcher(functionName, handlers);
        }
    }
}
