package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation the shipped OpenAPI description gives a request body answers a body of another media type, or one
 * without a Content-Type, with 415 and a JSON error body, before the route reads it: nothing is stored or queued.
 * API Gateway cannot answer 415 for a Lambda proxy integration, so the functions do (README, "Calling the API").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodiesAreJsonTest {

    private static final String SPEC = "/io/medextract/cdk/openapi.yaml";
    private static final String ID = "01JZZZZZZZZZZZZZZZZZZZZZZZ";

    /** One operation of the spec: method, resource template, the function's tag, whether it takes a body. */
    record Operation(String method, String resource, String tag, boolean takesBody) {
        @Override
        public String toString() {
            return method + " " + resource;
        }
    }

    private LocalPlatform platform;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start();
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void theSpecListsTheRoutesThatTakeABody() {
        assertThat(bodyOperations()).extracting(Operation::toString).containsExactlyInAnyOrder(
                "POST /api/upload", "POST /api/experiments", "PATCH /api/experiments/{id}",
                "POST /api/experiments/{id}/promote", "POST /api/evaluation-sets",
                "POST /api/evaluation-sets/{id}/documents", "POST /api/evaluations");
    }

    @ParameterizedTest(name = "{0} with a text/plain body")
    @MethodSource("bodyOperations")
    void aJsonBodySentAsTextIs415(Operation operation) {
        assertRefused(operation, Map.of("Content-Type", "text/plain; charset=utf-8"));
    }

    @ParameterizedTest(name = "{0} with a body and no Content-Type")
    @MethodSource("bodyOperations")
    void aBodyWithoutContentTypeIs415(Operation operation) {
        assertRefused(operation, Map.of());
    }

    @ParameterizedTest(name = "{0} with a form body")
    @MethodSource("bodyOperations")
    void aFormBodyIs415(Operation operation) {
        assertRefused(operation, Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    private void assertRefused(Operation operation, Map<String, String> headers) {
        LocalPlatform.StorageSnapshot before = platform.snapshot();
        ApiResult result = platform.api(function(operation.tag()), operation.method(), operation.resource(),
                pathParameters(operation.resource()), Map.of(), headers, "{\"name\":\"x\"}");
        assertThat(result.status()).as(operation + " " + result.body()).isEqualTo(415);
        assertThat(result.body().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(result.body().get("message").asText()).contains("Content-Type: application/json");
        assertThat(result.body().get("requestId").asText()).isNotBlank();
        assertThat(platform.snapshot()).isEqualTo(before);
    }

    private RequestStreamHandler function(String tag) {
        return switch (tag) {
            case "upload" -> platform.upload;
            case "extract" -> platform.extract;
            case "experiments" -> platform.experiments;
            default -> throw new AssertionError("no request body expected on " + tag + " routes");
        };
    }

    private static Map<String, String> pathParameters(String resource) {
        Map<String, String> parameters = new HashMap<>();
        if (resource.contains("{id}")) {
            parameters.put("id", resource.startsWith("/api/evaluation-sets") ? "discharge@1" : "exp_" + ID);
        }
        return parameters;
    }

    static Stream<Operation> bodyOperations() {
        return operations().stream().filter(Operation::takesBody);
    }

    /** The spec's operations, read line by line as {@code ApiRouteTemplates} reads its paths. */
    static List<Operation> operations() {
        Pattern path = Pattern.compile("^  (/api/\\S*):\\s*$");
        Pattern method = Pattern.compile("^    (get|post|put|patch|delete):\\s*$");
        Pattern tag = Pattern.compile("^      tags: \\[(\\w+)]\\s*$");
        List<Operation> operations = new ArrayList<>();
        String resource = null;
        String verb = null;
        String function = null;
        boolean body = false;
        try (InputStream in = RequestBodiesAreJsonTest.class.getResourceAsStream(SPEC)) {
            assertThat(in).as(SPEC).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m;
                boolean endsOperation = (m = path.matcher(line)).matches() || method.matcher(line).matches()
                        || line.equals("components:");
                if (endsOperation && verb != null) {
                    operations.add(new Operation(verb.toUpperCase(java.util.Locale.ROOT), resource, function, body));
                    verb = null;
                }
                if ((m = path.matcher(line)).matches()) {
                    resource = m.group(1);
                } else if ((m = method.matcher(line)).matches() && resource != null) {
                    verb = m.group(1);
                    function = null;
                    body = false;
                } else if ((m = tag.matcher(line)).matches()) {
                    function = m.group(1);
                } else if (line.equals("      requestBody:")) {
                    body = true;
                } else if (line.equals("components:")) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }
}
