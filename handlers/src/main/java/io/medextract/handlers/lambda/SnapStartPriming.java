package io.medextract.handlers.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;

/**
 * Runs a function's real request path before SnapStart takes its snapshot, so the classes, Jackson's
 * introspection and the SDK's marshalling, signing and unmarshalling code are loaded and warm in the snapshot
 * instead of in the first real request.
 *
 * <p>The requests go to a second copy of the handler, wired like the function's own but with an HTTP client
 * that answers canned AWS responses ({@link CannedAwsResponses}) and a fake identity: nothing reaches AWS or is
 * written anywhere, and the function's own clients, credentials and caches stay untouched until after the
 * restore. The copy is built at checkpoint time and dropped afterwards.
 */
public final class SnapStartPriming implements Resource {

    private final Supplier<RequestStreamHandler> primingHandler;
    private final List<String> events;

    SnapStartPriming(Supplier<RequestStreamHandler> primingHandler, List<String> events) {
        this.primingHandler = primingHandler;
        this.events = List.copyOf(events);
    }

    /**
     * Registers priming: before the snapshot, {@code primingHandler} builds the priming copy and each of
     * {@code events} (raw Lambda events, e.g. from {@link #apiEvent}) is sent through it.
     */
    public static void register(Supplier<RequestStreamHandler> primingHandler, List<String> events) {
        SnapStartHooks.register(new SnapStartPriming(primingHandler, events));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing carried over: the priming copy is garbage, the function's own clients were never used
    }

    /** Sends every event through a fresh priming copy; returns the status code of each answer. */
    public List<Integer> prime() {
        RequestStreamHandler handler = primingHandler.get();
        List<Integer> statuses = new ArrayList<>();
        for (String event : events) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            statuses.add(Json.readTree(new ByteArrayInputStream(out.toByteArray())).path("statusCode").asInt());
        }
        return statuses;
    }

    /** Who the priming requests come from (the owner of what priming creates in its canned table). */
    public static final String PRIMING_CALLER = "arn:aws:sts::000000000000:assumed-role/snapstart-priming";

    /** An API Gateway REST proxy event as the function's API sends it, from a priming caller. */
    public static String apiEvent(String method, String resource, Map<String, String> pathParameters, String body) {
        ObjectNode event = Json.mapper().createObjectNode();
        String path = resource;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        event.put("httpMethod", method).put("resource", resource).put("path", path);
        ObjectNode parameters = event.putObject("pathParameters");
        pathParameters.forEach(parameters::put);
        event.putObject("headers").put("Content-Type", "application/json");
        event.put("body", body);
        event.put("isBase64Encoded", false);
        event.putObject("requestContext").put("requestId", "snapstart-priming")
                .putObject("identity").put("userArn", PRIMING_CALLER);
        return event.toString();
    }
}
