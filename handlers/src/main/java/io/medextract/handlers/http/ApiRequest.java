package io.medextract.handlers.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway REST (proxy integration) event the handlers use. Parsed from the raw
 * event tree so the handlers need no event-model library in the Lambda package.
 */
public record ApiRequest(
        String httpMethod,
        String resource,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        String body,
        boolean base64Encoded,
        String requestId,
        String caller) {

    public ApiRequest {
        pathParameters = Map.copyOf(pathParameters);
        queryParameters = Map.copyOf(queryParameters);
        headers = Map.copyOf(headers);
    }

    public static boolean isApiGatewayEvent(JsonNode event) {
        return event.hasNonNull("httpMethod") && event.hasNonNull("resource");
    }

    public static ApiRequest fromEvent(JsonNode event) {
        JsonNode context = event.path("requestContext");
        JsonNode identity = context.path("identity");
        String caller = callerOf(context);
        return new ApiRequest(
                event.path("httpMethod").asText(),
                event.path("resource").asText(),
                stringMap(event.path("pathParameters")),
                stringMap(event.path("queryStringParameters")),
                lowerCaseKeys(stringMap(event.path("headers"))),
                event.hasNonNull("body") ? event.get("body").asText() : null,
                event.path("isBase64Encoded").asBoolean(false),
                context.path("requestId").asText(""),
                caller);
    }

    /** A route key such as {@code POST /api/upload}, matching the API Gateway resource template. */
    public String routeKey() {
        return httpMethod + " " + resource;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name));
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("missing path parameter '" + name + "'");
        }
        return value;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    map.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return map;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> map) {
        Map<String, String> lower = new LinkedHashMap<>();
        map.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    /**
     * Who called: the IAM principal's ARN (SigV4), else the Cognito user pool subject of the token the authorizer
     * verified ({@code cognito:<sub>}, from the ID or access token's claims), else an identity-pool id. Idempotency
     * keys and audit records are scoped by it, so two Cognito users can never replay each other's requests.
     */
    static String callerOf(JsonNode requestContext) {
        JsonNode identity = requestContext.path("identity");
        if (identity.hasNonNull("userArn") && !identity.get("userArn").asText().isEmpty()) {
            return identity.get("userArn").asText();
        }
        JsonNode claims = requestContext.path("authorizer").path("claims");
        if (claims.hasNonNull("sub") && !claims.get("sub").asText().isEmpty()) {
            return "cognito:" + claims.get("sub").asText();
        }
        return firstText(identity, "cognitoIdentityId", "caller");
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            if (node.hasNonNull(field) && !node.get(field).asText().isEmpty()) {
                return node.get(field).asText();
            }
        }
        return "anonymous";
    }
}
