package io.medextract.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * API Gateway REST proxy events as the functions receive them in production (a browser's headers, an IAM
 * caller), serialised to the bytes the Lambda runtime hands the handler.
 */
public final class ApiGatewayEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiGatewayEvents() {}

    public static byte[] event(String method, String resource, Map<String, String> pathParams,
                               Map<String, String> query, String body) {
        ObjectNode event = JSON.createObjectNode();
        String path = resource;
        for (Map.Entry<String, String> p : pathParams.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/json");
        headers.put("Host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("Origin", "https://app.example.org");
        headers.put("User-Agent", "Mozilla/5.0");
        headers.put("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678");
        headers.put("X-Forwarded-For", "203.0.113.7");
        event.set("pathParameters", pathParams.isEmpty() ? null : JSON.valueToTree(pathParams));
        event.set("queryStringParameters", query.isEmpty() ? null : JSON.valueToTree(query));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        context.put("stage", "prod");
        context.putObject("identity").put("userArn", "arn:aws:iam::123456789012:role/console-caller")
                .put("sourceIp", "203.0.113.7");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
