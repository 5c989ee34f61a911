package io.medextract.tests.localmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway REST proxy event (payload format 1.0) for a local HTTP request, the way the tests
 * build it ({@link LocalPlatform#apiAs}): resource template, path, method, headers, query, body, and a request
 * context whose IAM identity is the one local caller, so per-caller idempotency keys work as deployed.
 */
final class ApiGatewayProxyEvents {

    /** The caller every local request is made as (local mode has no sign-in). */
    static final String LOCAL_CALLER_ARN = "arn:aws:iam::000000000000:user/medextract-local";

    private ApiGatewayProxyEvents() {}

    static JsonNode build(String method, String path, ApiRouteTemplates.Match route, String rawQuery,
                          Map<String, List<String>> headers, String body, String sourceIp) {
        ObjectNode event = LocalPlatform.JSON.createObjectNode();
        event.put("resource", route.resource());
        event.put("path", path);
        event.put("httpMethod", method);
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            single.put(name, values.get(values.size() - 1));
            multi.put(name, values);
        });
        event.set("headers", LocalPlatform.JSON.valueToTree(single));
        event.set("multiValueHeaders", LocalPlatform.JSON.valueToTree(multi));
        Map<String, List<String>> query = parseQuery(rawQuery);
        Map<String, String> lastQuery = new LinkedHashMap<>();
        query.forEach((k, v) -> lastQuery.put(k, v.get(v.size() - 1)));
        event.set("queryStringParameters", query.isEmpty() ? null : LocalPlatform.JSON.valueToTree(lastQuery));
        event.set("multiValueQueryStringParameters", query.isEmpty() ? null : LocalPlatform.JSON.valueToTree(query));
        event.set("pathParameters", route.pathParameters().isEmpty() ? null
                : LocalPlatform.JSON.valueToTree(route.pathParameters()));
        event.putNull("stageVariables");
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", LocalHandlers.STAGE);
        context.put("resourcePath", route.resource());
        context.put("httpMethod", method);
        context.put("path", "/" + LocalHandlers.STAGE + path);
        context.put("requestTimeEpoch", System.currentTimeMillis());
        ObjectNode identity = context.putObject("identity");
        identity.put("userArn", LOCAL_CALLER_ARN);
        identity.put("sourceIp", sourceIp);
        return event;
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
