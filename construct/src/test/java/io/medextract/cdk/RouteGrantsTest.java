package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;

/**
 * The IAM grants and the Cognito scopes come from one route table: each grant names exactly its group's methods and
 * paths, no grant's patterns reach a route of another group (IAM's {@code *} also matches {@code /}), and with
 * Cognito each method requires its group's scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteGrantsTest {

    /** Written out by hand, not derived from the table: a route moved to another group must fail here. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "grantReadApi", Set.of(
                    "GET /api/documents/*", "GET /api/extract/*",
                    "GET /api/metrics/summary", "GET /api/metrics/versions", "GET /api/metrics/timeseries",
                    "GET /api/metrics/cost", "GET /api/metrics/evaluations",
                    "GET /api/experiments", "GET /api/experiments/*", "GET /api/experiments/*/results",
                    "GET /api/evaluation-sets", "GET /api/evaluation-sets/*",
                    "GET /api/evaluations", "GET /api/evaluations/compare", "GET /api/evaluations/*"),
            "grantWriteApi", Set.of(
                    "POST /api/upload", "POST /api/extract/*", "POST /api/experiments", "PATCH /api/experiments/*",
                    "POST /api/experiments/*/start", "POST /api/experiments/*/stop", "POST /api/evaluation-sets",
                    "POST /api/evaluation-sets/*/documents", "POST /api/evaluations"),
            "grantAdminApi", Set.of(
                    "POST /api/experiments/*/promote", "POST /api/experiments/*/rollback", "DELETE /api/documents/*"),
            "grantReadAnyOwnerApi", Set.of(
                    "GET /api/any-owner/documents/*", "GET /api/any-owner/extract/*",
                    "GET /api/any-owner/evaluation-sets/*"));

    /** A real-looking value for each path parameter, to match IAM patterns against request paths. */
    private static final Map<String, String> SAMPLE_IDS = Map.of(
            "/api/documents/{id}", "doc_01JD8X2Q0000000000000000AB",
            "/api/extract/{id}", "ext_01JD8X2Q0000000000000000AB",
            "/api/evaluation-sets/{id}", "discharge-summaries@2",
            "/api/evaluations/{id}", "evr_01JD8X2Q0000000000000000AB",
            "/api/any-owner/documents/{id}", "doc_01JD8X2Q0000000000000000AB",
            "/api/any-owner/extract/{id}", "ext_01JD8X2Q0000000000000000AB",
            "/api/any-owner/evaluation-sets/{id}", "discharge-summaries@2");

    @Test
    void eachGrantNamesExactlyItsGroupsMethodsAndPathsOnThisStage() {
        Map<String, Set<String>> granted = new java.util.TreeMap<>();
        for (String grant : EXPECTED.keySet()) {
            granted.put(grant, grantedRoutes(grant));
        }
        assertThat(granted).isEqualTo(new java.util.TreeMap<>(EXPECTED));
    }

    @Test
    void noGrantReachesARouteOfAnotherGroup() {
        for (PlatformApi.Route route : PlatformApi.ROUTES) {
            String path = samplePath(route.path());
            List<String> matchedBy = new ArrayList<>();
            for (RouteGroup group : RouteGroup.values()) {
                for (PlatformApi.Route granted : PlatformApi.routesOf(group)) {
                    if (granted.method().equals(route.method()) && iamMatches(granted.arnPath(), path)) {
                        matchedBy.add(group.name());
                    }
                }
            }
            assertThat(new TreeSet<>(matchedBy)).as("groups whose ARNs match %s %s", route.method(), path)
                    .containsExactly(route.group().name());
        }
    }

    @Test
    void theFullInvokeGrantStillCoversEveryRouteButIsDeprecated() throws Exception {
        assertThat(MedExtractPlatform.class.getMethod("grantInvokeApi", software.amazon.awscdk.services.iam.IGrantable.class)
                .isAnnotationPresent(Deprecated.class)).isTrue();
        Stack stack = new Stack(new App(), "Invoke");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform",
                MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).build());
        Role role = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        invokeAll(platform, role);
        assertThat(callerStatements(stack, role).toString()).contains("/*/api/*");
    }

    @SuppressWarnings("deprecation")
    private static void invokeAll(MedExtractPlatform platform, Role role) {
        platform.grantInvokeApi(role);
    }

    @Test
    void iamGrantsAreRefusedWhenTheApiUsesCognito() {
        Stack stack = new Stack(new App(), "Cognito");
        var pool = software.amazon.awscdk.services.cognito.UserPool.Builder.create(stack, "Pool").build();
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV).authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).build());
        Role role = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        assertThatThrownBy(() -> platform.grantReadApi(role)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("medextract/read");
    }

    @Test
    void withCognitoEachMethodRequiresItsGroupsScope() {
        Stack stack = new Stack(new App(), "Scopes");
        var pool = software.amazon.awscdk.services.cognito.UserPool.Builder.create(stack, "Pool").build();
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).cognitoScopePrefix("ehr").build());
        Map<String, Integer> counts = new java.util.TreeMap<>();
        EXPECTED.forEach((grant, routes) -> counts.merge("ehr/" + switch (grant) {
            case "grantReadApi" -> "read";
            case "grantWriteApi" -> "write";
            case "grantAdminApi" -> "admin";
            default -> "read-any-owner";
        }, routes.size(), Integer::sum));
        Map<String, Integer> deployed = new java.util.TreeMap<>();
        Template.fromStack(stack).findResources("AWS::ApiGateway::Method").values().stream()
                .map(m -> map(m.get("Properties")))
                .filter(p -> !"OPTIONS".equals(p.get("HttpMethod")))
                .forEach(p -> deployed.merge((String) list(p.get("AuthorizationScopes")).get(0), 1, Integer::sum));
        assertThat(deployed).isEqualTo(counts);
    }

    @Test
    void everyFunctionIsToldTheDocumentAccessModeOwnerOnlyByDefault() {
        SynthesizedPlatform owners = SynthesizedPlatform.of(DeploymentStage.PROD);
        SynthesizedPlatform shared = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .documentAccess(DocumentAccess.SHARED).build());
        for (PlatformFunction kind : PlatformFunction.values()) {
            assertThat(map(map(owners.functionProperties(kind).get("Environment")).get("Variables")))
                    .containsEntry("DOCUMENT_ACCESS", "OWNER_ONLY");
            assertThat(map(map(shared.functionProperties(kind).get("Environment")).get("Variables")))
                    .containsEntry("DOCUMENT_ACCESS", "SHARED");
        }
    }

    /** The routes one grant method allows, as {@code METHOD /path} with path parameters as {@code *}. */
    private static Set<String> grantedRoutes(String grant) {
        Stack stack = new Stack(new App(), "Grant");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform",
                MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).build());
        Role role = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        Map<String, BiFunction<MedExtractPlatform, Role, Object>> grants = Map.of(
                "grantReadApi", MedExtractPlatform::grantReadApi,
                "grantWriteApi", MedExtractPlatform::grantWriteApi,
                "grantAdminApi", MedExtractPlatform::grantAdminApi,
                "grantReadAnyOwnerApi", MedExtractPlatform::grantReadAnyOwnerApi);
        grants.get(grant).apply(platform, role);
        List<Map<String, Object>> statements = callerStatements(stack, role);
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.get("Action")).isEqualTo("execute-api:Invoke");
            assertThat(s.get("Effect")).isEqualTo("Allow");
        });
        Set<String> routes = new TreeSet<>();
        Object resources = statements.get(0).get("Resource");
        for (Object arn : resources instanceof List<?> l ? l : List.of(resources)) {
            List<Object> parts = list(list(map(arn).get("Fn::Join")).get(1));
            String tail = (String) parts.get(parts.size() - 1);
            assertThat(String.valueOf(parts)).as("execute-api on the platform's REST API, this stage only")
                    .contains(":execute-api:").contains("PlatformApiRestApi").contains("DeploymentStageprod");
            int slash = tail.indexOf('/', 1);
            routes.add(tail.substring(1, slash) + " " + tail.substring(slash));
        }
        return routes;
    }

    private static List<Map<String, Object>> callerStatements(Stack stack, Role role) {
        String roleId = stack.getLogicalId((CfnElement) role.getNode().getDefaultChild());
        List<Map<String, Object>> statements = new ArrayList<>();
        Template.fromStack(stack).findResources("AWS::IAM::Policy").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Roles")).contains(roleId))
                .forEach(p -> list(map(p.get("PolicyDocument")).get("Statement")).forEach(s -> statements.add(map(s))));
        return statements;
    }

    private static String samplePath(String template) {
        String path = template;
        for (Map.Entry<String, String> sample : SAMPLE_IDS.entrySet()) {
            String prefix = sample.getKey().substring(0, sample.getKey().indexOf("{id}"));
            if (path.startsWith(prefix + "{id}")) {
                path = prefix + sample.getValue() + path.substring(prefix.length() + "{id}".length());
            }
        }
        return path.replace("{id}", "exp_01JD8X2Q0000000000000000AB");
    }

    /** IAM's resource matching: {@code *} any run of characters (slashes included), {@code ?} one character. */
    private static boolean iamMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }
}
