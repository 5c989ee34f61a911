package io.medextract.handlers.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers each DynamoDB, S3 and SQS call with a small,
 * well-formed response ("stored", "nothing there", or for a DynamoDB GetItem the item an earlier PutItem to this
 * client stored under the same key), so SnapStart priming can run a handler's real request path
 * (marshalling, signing, unmarshalling, our code) before the snapshot without reaching AWS or writing anything.
 * Each request is passed to an observer (tests count them), after its body has been read, as a real client would.
 */
public final class CannedAwsResponses implements SdkHttpClient {

    /** One request as the SDK sent it: the signed headers and the body bytes. */
    public record Call(SdkHttpRequest request, byte[] body) {
        public String target() {
            return request.firstMatchingHeader("X-Amz-Target").orElse("");
        }
    }

    /**
     * DynamoDB speaks JSON 1.0 and names the operation in X-Amz-Target
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html).
     */
    static final String DYNAMODB_TARGET = "DynamoDB_20120810.";
    /** SQS's JSON protocol (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html). */
    static final String SQS_TARGET = "AmazonSQS.";
    static final String DYNAMODB_CONTENT_TYPE = "application/x-amz-json-1.0";

    private final Consumer<Call> observer;
    /** What PutItem stored, per table: GetItem finds an item whose attributes include the requested key. */
    private final Map<String, List<JsonNode>> items = new ConcurrentHashMap<>();

    public CannedAwsResponses(Consumer<Call> observer) {
        this.observer = observer;
    }

    /** A stub that keeps nothing. */
    public static CannedAwsResponses discarding() {
        return new CannedAwsResponses(call -> { });
    }

    /** A stub that records every call into {@code calls}. */
    public static CannedAwsResponses recordingInto(List<Call> calls) {
        return new CannedAwsResponses(call -> {
            synchronized (calls) {
                calls.add(call);
            }
        });
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] body = request.contentStreamProvider().map(p -> readAll(p.newStream())).orElse(new byte[0]);
                Call call = new Call(request.httpRequest(), body);
                observer.accept(call);
                return answer(call);
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    private HttpExecuteResponse answer(Call call) {
        String target = call.target();
        if (target.startsWith(DYNAMODB_TARGET)) {
            return json(200, dynamoDb(target.substring(DYNAMODB_TARGET.length()), call.body()), DYNAMODB_CONTENT_TYPE);
        }
        if (target.startsWith(SQS_TARGET)) {
            return json(200, sqs(target.substring(SQS_TARGET.length()), call.body()), "application/x-amz-json-1.0");
        }
        return s3(call);
    }

    /**
     * Writes succeed (conditions are not evaluated; a TransactWriteItems answers with an empty response), Query returns
     * no items, GetItem returns the stored item with
     * the requested key or nothing (no "Item" member), and an UpdateItem asking for {@code ReturnValues=ALL_NEW}
     * gets the stored item with that key as its "Attributes" (the update itself is not applied)
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html,
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html,
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html,
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html).
     */
    private String dynamoDb(String operation, byte[] requestBody) {
        switch (operation) {
            case "Query", "Scan":
                return "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}";
            case "PutItem": {
                JsonNode request = Json.readTree(new ByteArrayInputStream(requestBody));
                items.computeIfAbsent(request.path("TableName").asText(), t -> new CopyOnWriteArrayList<>())
                        .add(0, request.path("Item"));
                return "{}";
            }
            case "GetItem": {
                JsonNode request = Json.readTree(new ByteArrayInputStream(requestBody));
                return stored(request).map(item -> "{\"Item\":" + item + "}").orElse("{}");
            }
            case "UpdateItem": {
                JsonNode request = Json.readTree(new ByteArrayInputStream(requestBody));
                if (!"ALL_NEW".equals(request.path("ReturnValues").asText())) {
                    return "{}";
                }
                return stored(request).map(item -> "{\"Attributes\":" + item + "}").orElse("{}");
            }
            default:
                return "{}";
        }
    }

    /** The stored item with the request's key in the request's table. */
    private Optional<JsonNode> stored(JsonNode request) {
        JsonNode key = request.path("Key");
        return items.getOrDefault(request.path("TableName").asText(), List.of()).stream()
                .filter(item -> hasKey(item, key))
                .findFirst();
    }

    private static boolean hasKey(JsonNode item, JsonNode key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            if (!attribute.getValue().equals(item.get(attribute.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * SendMessage answers with the message id and the MD5 of the body, which the SDK checks
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
     */
    private static String sqs(String operation, byte[] requestBody) {
        if (!operation.equals("SendMessage")) {
            return "{}";
        }
        String message = messageBody(requestBody);
        return "{\"MessageId\":\"00000000-0000-4000-8000-000000000000\",\"MD5OfMessageBody\":\""
                + HexFormat.of().formatHex(md5(message.getBytes(StandardCharsets.UTF_8))) + "\"}";
    }

    /**
     * S3: a PUT is stored (200 with an ETag), anything else finds no such key
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
     */
    private static HttpExecuteResponse s3(Call call) {
        if (call.request().method().name().equals("PUT")) {
            return HttpExecuteResponse.builder()
                    .response(SdkHttpResponse.builder().statusCode(200)
                            .putHeader("ETag", "\"" + HexFormat.of().formatHex(md5(call.body())) + "\"")
                            .putHeader("Content-Length", "0").build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0])))
                    .build();
        }
        String error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message></Error>";
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(404).putHeader("Content-Type", "application/xml").build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(error.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    private static HttpExecuteResponse json(int status, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status).putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", String.valueOf(bytes.length)).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static String messageBody(byte[] requestBody) {
        return Json.readTree(new ByteArrayInputStream(requestBody)).path("MessageBody").asText("");
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "CannedAwsResponses";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
