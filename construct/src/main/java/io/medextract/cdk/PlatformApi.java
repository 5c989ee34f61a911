package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API: every route, its Lambda proxy integration on the function's {@code live} alias, request
 * validation, authorization on every method, CORS, stage throttling, JSON access logs and X-Ray.
 */
final class PlatformApi extends Construct {

    /**
     * One route: method, resource path, the function serving it, and the group of callers it admits. API.md lists
     * the same table.
     */
    record Route(String method, String path, PlatformFunction function, RouteGroup group) {

        /** Routes whose body API Gateway checks against the JSON-object model before invoking Lambda. */
        boolean hasJsonBody() {
            return path.equals("/api/upload") || (path.startsWith("/api/experiments")
                    && (method.equals("PATCH") || (method.equals("POST") && path.equals("/api/experiments"))))
                    || (method.equals("POST") && path.startsWith("/api/evaluation"));
        }

        /**
         * The resource part of this route's execute-api ARN: every path parameter becomes {@code *}. IAM's {@code *}
         * also matches {@code /}, so {@link PlatformApi#ROUTES} must never let one group's pattern cover another
         * group's route (RouteGrantsTest checks every pair).
         */
        String arnPath() {
            return path.replaceAll("\\{[^/}]+}", "*");
        }
    }

    /** Where the routes that read every owner's items live (the handlers' Requester.ANY_OWNER_PREFIX). */
    static final String ANY_OWNER_PREFIX = "/api/any-owner/";

    /** The one route table: API Gateway methods, Cognito scopes and IAM grants all come from it. */
    static final List<Route> ROUTES = List.of(
            new Route("POST", "/api/upload", PlatformFunction.UPLOAD, RouteGroup.WRITE),
            new Route("GET", "/api/documents/{id}", PlatformFunction.UPLOAD, RouteGroup.READ),
            new Route("DELETE", "/api/documents/{id}", PlatformFunction.UPLOAD, RouteGroup.ADMIN),
            new Route("POST", "/api/extract/{id}", PlatformFunction.EXTRACT, RouteGroup.WRITE),
            new Route("GET", "/api/extract/{id}", PlatformFunction.EXTRACT, RouteGroup.READ),
            new Route("GET", "/api/metrics/summary", PlatformFunction.METRICS, RouteGroup.READ),
            new Route("GET", "/api/metrics/versions", PlatformFunction.METRICS, RouteGroup.READ),
            new Route("GET", "/api/metrics/timeseries", PlatformFunction.METRICS, RouteGroup.READ),
            new Route("GET", "/api/metrics/cost", PlatformFunction.METRICS, RouteGroup.READ),
            new Route("GET", "/api/experiments", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("POST", "/api/experiments", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("GET", "/api/experiments/{id}", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("PATCH", "/api/experiments/{id}", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("POST", "/api/experiments/{id}/start", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("POST", "/api/experiments/{id}/stop", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("POST", "/api/experiments/{id}/promote", PlatformFunction.EXPERIMENTS, RouteGroup.ADMIN),
            new Route("POST", "/api/experiments/{id}/rollback", PlatformFunction.EXPERIMENTS, RouteGroup.ADMIN),
            new Route("GET", "/api/experiments/{id}/results", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("GET", "/api/metrics/evaluations", PlatformFunction.METRICS, RouteGroup.READ),
            new Route("GET", "/api/evaluation-sets", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("POST", "/api/evaluation-sets", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("GET", "/api/evaluation-sets/{id}", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("POST", "/api/evaluation-sets/{id}/documents", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("GET", "/api/evaluations", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("POST", "/api/evaluations", PlatformFunction.EXPERIMENTS, RouteGroup.WRITE),
            new Route("GET", "/api/evaluations/compare", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            new Route("GET", "/api/evaluations/{id}", PlatformFunction.EXPERIMENTS, RouteGroup.READ),
            // Reading across owners is a route group of its own, not a parameter: execute-api ARNs name methods
            // and paths only, so a separate path is what an IAM grant can allow or leave out. The prefix keeps
            // the read group's patterns (GET /api/documents/*) from reaching these.
            new Route("GET", ANY_OWNER_PREFIX + "documents/{id}", PlatformFunction.UPLOAD, RouteGroup.READ_ANY_OWNER),
            new Route("GET", ANY_OWNER_PREFIX + "extract/{id}", PlatformFunction.EXTRACT, RouteGroup.READ_ANY_OWNER),
            new Route("GET", ANY_OWNER_PREFIX + "evaluation-sets/{id}", PlatformFunction.EXPERIMENTS,
                    RouteGroup.READ_ANY_OWNER));

    static List<Route> routesOf(RouteGroup group) {
        return ROUTES.stream().filter(r -> r.group() == group).toList();
    }

    private final RestApi api;
    private final List<Method> methods = new java.util.ArrayList<>();
    private final LogGroup accessLogs;

    PlatformApi(Construct scope, String id, EffectiveSettings settings, Encryption encryption,
                HandlerFunctions functions) {
        super(scope, id);
        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(settings.values().auditLogRetention())
                .encryptionKey(encryption.key())
                .removalPolicy(settings.values().removalPolicy())
                .build();

        RestApi.Builder builder = RestApi.Builder.create(this, "RestApi")
                .restApiName("medextract-" + settings.platformName())
                .description("MedExtract document extraction API (" + settings.platformName() + ", " + settings.stage().id() + ")")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(settings.props().isApiCloudWatchRole())
                .minCompressionSize(software.amazon.awscdk.Size.kibibytes(1))
                .deployOptions(StageOptions.builder()
                        .stageName(settings.stage().id())
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.INFO)
                        // Execution logs never include request or response bodies: they would hold PHI.
                        .dataTraceEnabled(false)
                        .throttlingRateLimit(settings.values().apiRateLimit())
                        .throttlingBurstLimit(settings.values().apiBurstLimit())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .defaultMethodOptions(defaultMethodOptions(settings));
        List<String> origins = settings.corsAllowedOrigins();
        if (!origins.isEmpty()) {
            builder.defaultCorsPreflightOptions(CorsOptions.builder()
                    .allowOrigins(origins)
                    .allowMethods(java.util.stream.Stream.concat(ROUTES.stream().map(Route::method), java.util.stream.Stream.of("OPTIONS"))
                            .distinct().sorted().toList())
                    .allowHeaders(List.of("Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token",
                            "X-Amz-Content-Sha256", "Idempotency-Key"))
                    .build());
        }
        this.api = builder.build();

        RequestValidator validator = api.addRequestValidator("Validator", software.amazon.awscdk.services.apigateway
                .RequestValidatorOptions.builder()
                .requestValidatorName("body-and-parameters")
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());
        Model jsonObject = api.addModel("JsonObject", software.amazon.awscdk.services.apigateway.ModelOptions.builder()
                .contentType("application/json")
                .modelName("JsonObject")
                .schema(JsonSchema.builder().type(JsonSchemaType.OBJECT).build())
                .build());
        // Models only for application/json. A body of another media type reaches the function, which answers 415:
        // API Gateway cannot answer 415 for a Lambda proxy integration (integration passthrough behaviours apply to
        // non-proxy integrations only), and a "$default" model would make it answer its own 400 instead
        // (https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html,
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html).
        // The upload body's shape is checked at the edge as well; the handler still validates everything.
        JsonSchema text = JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).build();
        Model uploadModel = api.addModel("UploadRequest", software.amazon.awscdk.services.apigateway.ModelOptions.builder()
                .contentType("application/json")
                .modelName("UploadRequest")
                .schema(JsonSchema.builder()
                        .type(JsonSchemaType.OBJECT)
                        .required(List.of("filename", "contentType"))
                        .additionalProperties(false)
                        .properties(Map.of(
                                "filename", JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).maxLength(200).build(),
                                "contentType", text,
                                "contentBase64", JsonSchema.builder().type(JsonSchemaType.STRING).build(),
                                "sizeBytes", JsonSchema.builder().type(JsonSchemaType.INTEGER).minimum(1).build()))
                        .build())
                .build());

        for (Route route : ROUTES) {
            IResource resource = api.getRoot().resourceForPath(route.path());
            MethodOptions.Builder options = MethodOptions.builder().requestValidator(validator);
            if (route.path().contains("{id}")) {
                options.requestParameters(Map.of("method.request.path.id", true));
            }
            if (route.path().equals("/api/upload")) {
                options.requestModels(Map.of("application/json", uploadModel));
            } else if (route.hasJsonBody()) {
                options.requestModels(Map.of("application/json", jsonObject));
            }
            if (settings.props().getAuthorization() == ApiAuthorization.COGNITO) {
                // Access tokens must carry the route group's scope (a resource server's custom scope).
                options.authorizationScopes(List.of(settings.props().getCognitoScopePrefix() + "/" + route.group().scope()));
            }
            methods.add(resource.addMethod(route.method(), new LambdaIntegration(functions.alias(route.function())),
                    options.build()));
        }

        // API Gateway's own errors (auth, throttling, validation) answer in JSON like the handlers do.
        // A gateway response has one static header: the console's origin when there is a console (its users see
        // expired-token answers), else the single configured origin.
        String gatewayOrigin = !settings.consoleOrigins().isEmpty() ? settings.consoleOrigins().get(0)
                : origins.size() == 1 ? origins.get(0) : null;
        Map<String, String> corsHeaders = gatewayOrigin != null
                ? Map.of("Access-Control-Allow-Origin", "'" + gatewayOrigin + "'")
                : Map.of();
        for (ResponseType type : List.of(ResponseType.DEFAULT_4_XX, ResponseType.DEFAULT_5_XX)) {
            api.addGatewayResponse(type == ResponseType.DEFAULT_4_XX ? "Default4xx" : "Default5xx",
                    software.amazon.awscdk.services.apigateway.GatewayResponseOptions.builder()
                            .type(type)
                            .responseHeaders(corsHeaders)
                            .templates(Map.of("application/json",
                                    "{\"error\":\"$context.error.responseType\",\"message\":$context.error.messageString,"
                                            + "\"requestId\":\"$context.requestId\"}"))
                            .build());
        }
    }

    private MethodOptions defaultMethodOptions(EffectiveSettings settings) {
        if (settings.props().getAuthorization() == ApiAuthorization.COGNITO) {
            CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                    .cognitoUserPools(settings.cognitoUserPools())
                    .build();
            return MethodOptions.builder()
                    .authorizationType(AuthorizationType.COGNITO)
                    .authorizer(authorizer)
                    .build();
        }
        return MethodOptions.builder().authorizationType(AuthorizationType.IAM).build();
    }

    RestApi api() {
        return api;
    }

    /** The execute-api ARNs of one group's routes on this stage: method and path, path parameters as {@code *}. */
    List<String> executeApiArns(RouteGroup group) {
        String stage = api.getDeploymentStage().getStageName();
        return routesOf(group).stream().map(r -> api.arnForExecuteApi(r.method(), r.arnPath(), stage)).toList();
    }

    List<Method> methods() {
        return List.copyOf(methods);
    }

    LogGroup accessLogs() {
        return accessLogs;
    }
}
