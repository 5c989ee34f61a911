package io.medextract.handlers.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.http.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a handler's request path once before SnapStart takes its snapshot, so class loading, JIT warm-up
 * and Jackson's introspection are in the snapshot instead of in the first real request. The priming
 * request is a GET with a malformed id: it exercises parsing, routing, validation and the JSON response
 * without calling any AWS service (no credentials or connections end up in the snapshot).
 */
public final class SnapStartPriming implements Resource {

    /** CRaC holds resources weakly: keep them reachable for the life of the container. */
    private static final List<SnapStartPriming> REGISTERED = new ArrayList<>();

    private final RequestStreamHandler handler;
    private final String resource;

    private SnapStartPriming(RequestStreamHandler handler, String resource) {
        this.handler = handler;
        this.resource = resource;
    }

    /** Registers priming of {@code handler} with a GET on {@code resource} that the handler rejects as 400. */
    public static synchronized void register(RequestStreamHandler handler, String resource) {
        SnapStartPriming priming = new SnapStartPriming(handler, resource);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to restore: SDK clients are created lazily, after restore, with fresh credentials
    }

    /** One synthetic request through the handler; returns the status code it answered. */
    int prime() {
        String event = "{\"httpMethod\":\"GET\",\"resource\":\"" + resource + "\",\"path\":\"/prime\","
                + "\"pathParameters\":{\"id\":\"priming\"},\"queryStringParameters\":{\"from\":\"priming\"},"
                + "\"headers\":{},\"body\":null,\"isBase64Encoded\":false,"
                + "\"requestContext\":{\"requestId\":\"snapstart-priming\",\"identity\":{}}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Json.readTree(new ByteArrayInputStream(out.toByteArray())).path("statusCode").asInt();
    }

    static int primeForTest(RequestStreamHandler handler, String resource) {
        return new SnapStartPriming(handler, resource).prime();
    }
}
