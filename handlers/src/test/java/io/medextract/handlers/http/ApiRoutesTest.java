package io.medextract.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;

class ApiRoutesTest {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final StructuredLog log = new StructuredLog("test", new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    @Test
    void unknownRouteIs404WithJsonBody() throws Exception {
        ApiResponse response = ApiRoutes.builder(log).build().handle(request("GET", "/api/nope"));
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("route_not_found");
        assertThat(body.get("requestId").asText()).isEqualTo("req-1");
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void notImplementedRouteSays501Plainly() throws Exception {
        ApiResponse response = ApiRoutes.builder(log).notImplemented("POST", "/api/upload").build()
                .handle(request("POST", "/api/upload"));
        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(Json.mapper().readTree(response.body()).get("error").asText()).isEqualTo("not_implemented");
    }

    @Test
    void apiExceptionBecomesItsStatusAndMessage() throws Exception {
        ApiResponse response = ApiRoutes.builder(log)
                .route("GET", "/x", r -> { throw ApiException.badRequest("id must be a document id"); })
                .build().handle(request("GET", "/x"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.body()).get("message").asText()).isEqualTo("id must be a document id");
    }

    @Test
    void unexpectedFailureIs500WithoutItsMessageInBodyOrLog() throws Exception {
        ApiResponse response = ApiRoutes.builder(log)
                .route("GET", "/x", r -> { throw new IllegalStateException("Patient Jane Roe-Secret"); })
                .build().handle(request("GET", "/x"));
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("Jane Roe-Secret").doesNotContain("IllegalStateException");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("Jane Roe-Secret")
                .contains("\"level\":\"ERROR\"").contains("req-1");
    }

    @Test
    void parsesTheProxyEvent() throws Exception {
        JsonNode event = Json.mapper().readTree("""
                {"httpMethod":"GET","resource":"/api/documents/{id}","path":"/api/documents/doc_1",
                 "pathParameters":{"id":"doc_1"},"queryStringParameters":{"a":"b"},
                 "headers":{"Content-Type":"application/json"},"body":null,"isBase64Encoded":false,
                 "requestContext":{"requestId":"r-9","identity":{"userArn":"arn:aws:iam::1:user/u"}}}""");
        ApiRequest request = ApiRequest.fromEvent(event);
        assertThat(request.routeKey()).isEqualTo("GET /api/documents/{id}");
        assertThat(request.pathParameter("id")).isEqualTo("doc_1");
        assertThat(request.query("a")).contains("b");
        assertThat(request.headers()).containsEntry("content-type", "application/json");
        assertThat(request.caller()).isEqualTo("arn:aws:iam::1:user/u");
        assertThat(request.body()).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "Content-Type {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "application/json|200",
            "Application/JSON|200",
            "application/json; charset=utf-8|200",
            "application/json;charset=\"UTF-8\"|200",
            "application/json; charset=iso-8859-1|415",
            "text/plain|415",
            "text/plain; charset=utf-8|415",
            "application/x-www-form-urlencoded|415",
            "multipart/form-data; boundary=x|415",
            "application/jsonp|415",
            "application/merge-patch+json|415",
            "NONE|415",
            "' '|415",
    })
    void aBodyThatIsNotDeclaredJsonIs415BeforeTheRouteRunsIt(String contentType, int status) throws Exception {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
        ApiResponse response = ApiRoutes.builder(log)
                .route("POST", "/x", r -> {
                    ran.incrementAndGet();
                    return ApiResponse.json(200, Map.of("ok", true));
                })
                .build().handle(new ApiRequest("POST", "/x", Map.of(), Map.of(), headers, "{\"a\":1}", false, "req-1",
                        "tester"));
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(ran.get()).isEqualTo(status == 200 ? 1 : 0);
        if (status == 415) {
            JsonNode body = Json.mapper().readTree(response.body());
            assertThat(body.get("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(body.get("message").asText()).contains("application/json");
            assertThat(body.get("requestId").asText()).isEqualTo("req-1");
        }
    }

    @Test
    void aRequestWithoutABodyNeedsNoContentType() {
        ApiResponse response = ApiRoutes.builder(log)
                .route("POST", "/x", r -> ApiResponse.json(202, Map.of()))
                .build().handle(request("POST", "/x"));
        assertThat(response.statusCode()).isEqualTo(202);
    }

    private static ApiRequest request(String method, String resource) {
        return new ApiRequest(method, resource, Map.of(), Map.of(), Map.of(), null, false, "req-1", "tester");
    }
}
