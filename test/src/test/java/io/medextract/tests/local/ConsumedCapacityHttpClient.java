package io.medextract.tests.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Asks DynamoDB for the capacity each call consumes ({@code ReturnConsumedCapacity: TOTAL}, added to the JSON body
 * of every DynamoDB request the handlers send) and reports it with the operation: what the cost model's read and
 * write units stand for, measured by the local server's unit rules (dynalite: reads per 4 KB, halved when eventually
 * consistent, writes per 1 KB of the larger of the old and new item, as
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html describes; index
 * writes are not counted). The handlers' requests are otherwise unchanged.
 */
public final class ConsumedCapacityHttpClient implements SdkHttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient delegate;
    private final BiConsumer<String, Double> consumed;

    /** {@code consumed}: (operation such as "GetItem", capacity units) for every DynamoDB call. */
    public ConsumedCapacityHttpClient(SdkHttpClient delegate, BiConsumer<String, Double> consumed) {
        this.delegate = delegate;
        this.consumed = consumed;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (!target.startsWith("DynamoDB_") || request.contentStreamProvider().isEmpty()) {
            return delegate.prepareRequest(request);
        }
        String operation = target.substring(target.indexOf('.') + 1);
        byte[] body = withCapacity(read(request.contentStreamProvider().get().newStream()));
        SdkHttpRequest http = request.httpRequest().toBuilder()
                .putHeader("Content-Length", String.valueOf(body.length)).build();
        ExecutableHttpRequest prepared = delegate.prepareRequest(HttpExecuteRequest.builder().request(http)
                .contentStreamProvider(() -> new ByteArrayInputStream(body)).build());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = prepared.call();
                byte[] answer = response.responseBody().isPresent()
                        ? response.responseBody().get().readAllBytes() : new byte[0];
                if (response.httpResponse().isSuccessful()) {
                    // One object per call; a list of one per table for transactions (and batches).
                    JsonNode capacity = JSON.readTree(answer).path("ConsumedCapacity");
                    double units = 0;
                    Iterable<JsonNode> tables = capacity.isArray() ? capacity : List.of(capacity);
                    for (JsonNode table : tables) {
                        units += table.path("CapacityUnits").asDouble(0);
                    }
                    consumed.accept(operation, units);
                }
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    private static byte[] withCapacity(byte[] body) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(body);
            if (!json.has("ReturnConsumedCapacity")) {
                json.put("ReturnConsumedCapacity", "TOTAL");
            }
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
