package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI spec shipped in the construct jar describes the API the construct deploys: its paths and
 * methods are exactly the synthesized API Gateway resources and methods, each operation is tagged with
 * the function that serves it, and every error answers the one error body.
 */
class OpenApiSpecTest {

    static final String SPEC = "/io/medextract/cdk/openapi.yaml";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static JsonNode spec;
    private static SynthesizedPlatform synthesized;

    @BeforeAll
    static void readSpecAndSynthesize() throws IOException {
        try (InputStream in = OpenApiSpecTest.class.getResourceAsStream(SPEC)) {
            assertThat(in).as(SPEC + " on the construct's classpath").isNotNull();
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        synthesized = SynthesizedPlatform.of(DeploymentStage.DEV);
    }

    @Test
    void isOpenApi3() {
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        assertThat(spec.path("info").path("title").asText()).isNotBlank();
        assertThat(spec.path("info").path("version").asText()).as("version filled in by the build")
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void specOperationsAreExactlyTheSynthesizedMethods() {
        Map<String, String> deployed = deployedOperations(synthesized);
        assertThat(deployed.keySet()).as("no CORS preflight without corsAllowedOrigins")
                .noneMatch(op -> op.startsWith("OPTIONS "));
        assertThat(specOperations().keySet()).as("spec (actual) vs synthesized API (expected)").isEqualTo(deployed.keySet());
    }

    /** With CORS every resource also gets an unauthenticated OPTIONS preflight, which the spec leaves out. */
    @Test
    void corsAddsOnlyPreflightMethods() {
        SynthesizedPlatform withCors = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV).corsAllowedOrigins(List.of("https://app.example.org")).build());
        Map<String, String> deployed = deployedOperations(withCors);
        Set<String> preflights = deployed.keySet().stream().filter(op -> op.startsWith("OPTIONS "))
                .map(op -> op.substring("OPTIONS ".length())).collect(Collectors.toSet());
        assertThat(preflights).containsAll(spec.path("paths").properties().stream().map(Map.Entry::getKey).toList());
        deployed.keySet().removeIf(op -> op.startsWith("OPTIONS "));
        assertThat(specOperations().keySet()).as("spec (actual) vs synthesized API (expected)").isEqualTo(deployed.keySet());
    }

    @Test
    void eachOperationIsTaggedWithTheFunctionServingIt() {
        Map<String, String> deployed = deployedOperations(synthesized);
        Map<String, String> tagged = new TreeMap<>();
        specOperations().forEach((op, node) -> tagged.put(op, node.path("tags").path(0).asText()));
        assertThat(tagged).isEqualTo(deployed);
    }

    @Test
    void everyMethodUsesIamByDefaultAndTheSpecOffersSigV4AndCognito() {
        for (Map<String, Object> method : synthesized.resources("AWS::ApiGateway::Method").values()) {
            assertThat(map(method.get("Properties")).get("AuthorizationType")).isEqualTo("AWS_IAM");
        }
        JsonNode schemes = spec.path("components").path("securitySchemes");
        assertThat(schemes.path("sigv4").path("x-amazon-apigateway-authtype").asText()).isEqualTo("awsSigv4");
        assertThat(schemes.path("cognito").path("x-amazon-apigateway-authtype").asText()).isEqualTo("cognito_user_pools");
        List<String> security = new ArrayList<>();
        spec.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(security::add));
        assertThat(security).containsExactly("sigv4", "cognito");
    }

    /**
     * Each operation names its route group, and it is the scope the deployed method requires with Cognito (the
     * same table decides the IAM grants).
     */
    @Test
    void eachOperationNamesTheGroupWhoseScopeTheDeployedMethodRequires() {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, "Cognito");
        var pool = software.amazon.awscdk.services.cognito.UserPool.Builder.create(stack, "Pool").build();
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV).authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).build());
        SynthesizedPlatform cognito = SynthesizedPlatform.wrap(stack, platform);
        Map<String, String> paths = resourcePaths(cognito);
        Map<String, String> deployed = new TreeMap<>();
        for (Map<String, Object> method : cognito.resources("AWS::ApiGateway::Method").values()) {
            Map<String, Object> properties = map(method.get("Properties"));
            String scope = String.valueOf(list(properties.get("AuthorizationScopes")).get(0));
            deployed.put(properties.get("HttpMethod") + " " + resourcePath(properties.get("ResourceId"), paths),
                    scope.substring(scope.indexOf('/') + 1));
        }
        Map<String, String> documented = new TreeMap<>();
        specOperations().forEach((op, node) -> documented.put(op, node.path("x-medextract-group").asText()));
        assertThat(documented).isEqualTo(deployed);
    }

    @Test
    void pathParametersAreDeclaredOnEveryOperation() {
        specOperations().forEach((op, node) -> {
            String path = op.substring(op.indexOf(' ') + 1);
            Set<String> declared = new TreeSet<>();
            node.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path")) {
                    assertThat(parameter.path("required").asBoolean()).as(op + " path parameter is required").isTrue();
                    declared.add(parameter.path("name").asText());
                }
            });
            Set<String> inPath = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertThat(declared).as(op + " path parameters").isEqualTo(inPath);
        });
    }

    /** Where API Gateway validates a JSON body against a model, the spec requires a JSON body too. */
    @Test
    void validatedBodiesAreRequiredBodiesInTheSpec() {
        Map<String, JsonNode> operations = specOperations();
        Map<String, Map<String, Object>> methods = synthesized.resources("AWS::ApiGateway::Method");
        Map<String, String> paths = resourcePaths(synthesized);
        int withModel = 0;
        for (Map<String, Object> method : methods.values()) {
            Map<String, Object> properties = map(method.get("Properties"));
            if (properties.get("RequestModels") == null) {
                continue;
            }
            withModel++;
            String op = properties.get("HttpMethod") + " " + resourcePath(properties.get("ResourceId"), paths);
            JsonNode body = operations.get(op).path("requestBody");
            assertThat(body.path("required").asBoolean()).as(op + " requestBody.required").isTrue();
            assertThat(body.path("content").has("application/json")).as(op + " JSON body").isTrue();
        }
        assertThat(withModel).isPositive();
    }

    /**
     * Request bodies are JSON only, and the functions answer 415 for any other media type: every operation that takes
     * a body says so, and API Gateway passes bodies of other media types on to them. It cannot answer 415 itself for a
     * Lambda proxy integration (passthrough behaviours apply to non-proxy integrations only:
     * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html), and a
     * {@code $default} request model would turn those requests into its own 400 "Invalid request body" instead
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html).
     */
    @Test
    void bodiesAreJsonOnlyAndOtherMediaTypesReachTheFunctionsFor415() {
        specOperations().forEach((op, node) -> {
            if (node.has("requestBody")) {
                List<String> types = new ArrayList<>();
                node.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
                assertThat(types).as(op + " request media types").containsExactly("application/json");
                assertThat(node.path("responses").has("415")).as(op + " documents 415").isTrue();
            }
        });
        int proxied = 0;
        for (Map<String, Object> method : synthesized.resources("AWS::ApiGateway::Method").values()) {
            Map<String, Object> properties = map(method.get("Properties"));
            assertThat(map(properties.get("Integration")).get("Type")).isEqualTo("AWS_PROXY");
            Object models = properties.get("RequestModels");
            if (models != null) {
                assertThat(map(models).keySet()).as("no $default model").containsExactly("application/json");
            }
            proxied++;
        }
        assertThat(proxied).isEqualTo(PlatformApi.ROUTES.size());
    }

    @Test
    void everyErrorResponseIsTheErrorBody() {
        JsonNode error = spec.path("components").path("schemas").path("Error");
        List<String> required = new ArrayList<>();
        error.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactly("error", "message", "requestId");

        specOperations().forEach((op, node) -> {
            boolean hasError = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    hasError = true;
                    JsonNode schema = resolve(resolve(response.getValue()).path("content").path("application/json").path("schema"));
                    if (schema.has("allOf")) {
                        // The error body with further members (e.g. the active extraction, retryAfterSeconds): the
                        // first part is the error body itself, the others only add properties.
                        assertThat(resolve(schema.path("allOf").get(0))).as(op + " " + response.getKey()).isEqualTo(error);
                        for (int i = 1; i < schema.path("allOf").size(); i++) {
                            JsonNode more = resolve(schema.path("allOf").get(i));
                            assertThat(more.path("required").isMissingNode()).as(op + " adds optional members").isTrue();
                            more.path("properties").fieldNames().forEachRemaining(name ->
                                    assertThat(List.of("error", "message", "requestId")).as(op).doesNotContain(name));
                        }
                    } else {
                        assertThat(schema).as(op + " " + response.getKey()).isEqualTo(error);
                    }
                }
            }
            assertThat(hasError).as(op + " documents its errors").isTrue();
            assertThat(node.path("responses").has("5XX")).as(op + " documents 5XX").isTrue();
        });
    }

    /** API Gateway's own error answers (auth, throttling, validation) use the same three fields. */
    @Test
    void gatewayResponsesAnswerTheErrorBody() {
        List<Map<String, Object>> responses = synthesized.resources("AWS::ApiGateway::GatewayResponse").values().stream()
                .map(r -> map(r.get("Properties"))).toList();
        assertThat(responses).isNotEmpty().allSatisfy(properties -> {
            String template = String.valueOf(map(properties.get("ResponseTemplates")).get("application/json"));
            assertThat(template).contains("\"error\"", "\"message\"", "\"requestId\"");
        });
    }

    /** "METHOD /path" -> the operation object, for every operation in the spec. */
    static Map<String, JsonNode> specOperations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return operations;
    }

    /** "METHOD /path" -> the function serving it (lower case, like the spec's tags); OPTIONS -> "preflight". */
    static Map<String, String> deployedOperations(SynthesizedPlatform s) {
        Map<String, String> paths = resourcePaths(s);
        Map<String, String> functionByAlias = functionsByAlias(s);
        Map<String, String> operations = new TreeMap<>();
        for (Map<String, Object> method : s.resources("AWS::ApiGateway::Method").values()) {
            Map<String, Object> properties = map(method.get("Properties"));
            String op = properties.get("HttpMethod") + " " + resourcePath(properties.get("ResourceId"), paths);
            Object uri = map(properties.get("Integration")).get("Uri");
            String function = refs(uri).stream().filter(functionByAlias::containsKey).map(functionByAlias::get)
                    .findFirst().orElse("preflight");
            operations.put(op, function);
        }
        return operations;
    }

    /** Logical id of every API Gateway resource -> its full path, from the PathPart/ParentId chain. */
    private static Map<String, String> resourcePaths(SynthesizedPlatform s) {
        Map<String, Map<String, Object>> resources = s.resources("AWS::ApiGateway::Resource");
        Map<String, String> paths = new TreeMap<>();
        for (String id : resources.keySet()) {
            StringBuilder path = new StringBuilder();
            for (String at = id; at != null; ) {
                Map<String, Object> properties = map(resources.get(at).get("Properties"));
                path.insert(0, "/" + properties.get("PathPart"));
                Object parent = map(properties.get("ParentId")).get("Ref");
                at = parent == null ? null : (String) parent;
            }
            paths.put(id, path.toString());
        }
        return paths;
    }

    /** A method's ResourceId is a Ref to a resource, or the API's RootResourceId ("/"). */
    private static String resourcePath(Object resourceId, Map<String, String> paths) {
        Object ref = map(resourceId).get("Ref");
        return ref == null ? "/" : paths.get((String) ref);
    }

    /** Alias logical id -> the function (lower-case construct id) it points at, through the function's Handler. */
    private static Map<String, String> functionsByAlias(SynthesizedPlatform s) {
        Map<String, Map<String, Object>> functions = s.resources("AWS::Lambda::Function");
        Map<String, String> byAlias = new TreeMap<>();
        s.resources("AWS::Lambda::Alias").forEach((aliasId, alias) -> {
            Object functionId = map(map(alias.get("Properties")).get("FunctionName")).get("Ref");
            Object handler = map(functions.get((String) functionId).get("Properties")).get("Handler");
            for (PlatformFunction f : PlatformFunction.values()) {
                if (f.handler().equals(handler)) {
                    byAlias.put(aliasId, f.constructId().toLowerCase(Locale.ROOT));
                }
            }
        });
        return byAlias;
    }

    /** Every {"Ref": id} inside a CloudFormation value. */
    private static List<String> refs(Object value) {
        List<String> found = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            if (m.get("Ref") instanceof String ref) {
                found.add(ref);
            }
            m.values().forEach(v -> found.addAll(refs(v)));
        } else if (value instanceof List<?>) {
            list(value).forEach(v -> found.addAll(refs(v)));
        }
        return found;
    }

    /** Follows a local "#/components/..." $ref. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            String ref = at.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            at = spec.at(ref.substring(1));
            assertThat(at.isMissingNode()).as("$ref " + ref + " resolves").isFalse();
        }
        return at;
    }
}
