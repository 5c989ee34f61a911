package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;

/** Routes, authorization, validation, CORS, access logs, alarms and the dashboard. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAndMonitoringTemplateTest {

    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        prod = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD)
                .alarmEmail("oncall@example.org")
                .corsAllowedOrigins(List.of("https://app.example.org"))
                .build());
    }

    @Test
    void everyRouteExistsAndEveryNonPreflightMethodRequiresIamAndValidation() {
        Map<String, Map<String, Object>> methods = prod.resources("AWS::ApiGateway::Method");
        List<Map<String, Object>> routes = methods.values().stream().map(m -> map(m.get("Properties")))
                .filter(p -> !"OPTIONS".equals(p.get("HttpMethod"))).collect(Collectors.toList());
        assertThat(routes).hasSize(PlatformApi.ROUTES.size()).hasSize(30);
        routes.forEach(p -> {
            assertThat(p).containsEntry("AuthorizationType", "AWS_IAM").containsKey("RequestValidatorId");
            assertThat(map(p.get("Integration"))).containsEntry("Type", "AWS_PROXY");
        });
        assertThat(methods.values().stream().map(m -> map(m.get("Properties")))
                .filter(p -> "OPTIONS".equals(p.get("HttpMethod")))).isNotEmpty();
        prod.template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Match.objectLike(Map.of(
                "ValidateRequestBody", true, "ValidateRequestParameters", true)));
    }

    @Test
    void apiStageWritesJsonAccessLogs() {
        prod.template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "AccessLogSetting", Match.objectLike(Map.of(
                        "DestinationArn", Match.anyValue(),
                        "Format", Match.stringLikeRegexp("^\\{.*\"requestId\".*\\}$"))))));
    }

    @Test
    void cognitoAuthorizationPutsAnAuthorizerOnEveryMethod() {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, "Cognito");
        var pool = software.amazon.awscdk.services.cognito.UserPool.Builder.create(stack, "Pool").build();
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV).authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).build());
        var template = software.amazon.awscdk.assertions.Template.fromStack(stack);
        template.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
        template.allResourcesProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "AuthorizationType", "COGNITO_USER_POOLS")));
    }

    @Test
    void alarmsCoverErrorRateDurationDlqThrottlesAndApi5xx() {
        Map<String, Map<String, Object>> alarms = prod.resources("AWS::CloudWatch::Alarm");
        // 3 per function (error rate, p99 duration, throttles) + 3 queues (DLQ, async failures, upload events) +
        // model access denied + dead-lettered + throttle budget spent + document access denied + API 5xx +
        // evaluation extractions failing + upload events lost + extraction backlog + document replaced +
        // hourly spend + compensating write failed
        assertThat(alarms).hasSize(4 * 3 + 3 + 1 + 3 + 1 + 1 + 3 + 2);
        alarms.values().forEach(a -> assertThat(map(a.get("Properties")))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsKey("AlarmActions"));
        List<Map<String, Object>> errorRates = alarms.values().stream().map(a -> map(a.get("Properties")))
                .filter(p -> String.valueOf(p.get("Metrics")).contains("100 * errors / invocations")).toList();
        assertThat(errorRates).hasSize(4).allSatisfy(p -> assertThat(p).containsEntry("Threshold", 1));
        List<Map<String, Object>> p99 = alarms.values().stream().map(a -> map(a.get("Properties")))
                .filter(p -> "p99".equals(p.get("ExtendedStatistic")) && "Duration".equals(p.get("MetricName")))
                .toList();
        assertThat(p99).extracting(p -> p.get("Threshold")).containsExactlyInAnyOrder(10000, 120000, 10000, 10000);
        assertThat(alarms.values().stream().map(a -> map(a.get("Properties")))
                .filter(p -> "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))))
                .hasSize(3).allSatisfy(p -> assertThat(p).containsEntry("Threshold", 0));
        assertThat(alarms.values().stream().map(a -> map(a.get("Properties")))
                .filter(p -> "5XXError".equals(p.get("MetricName"))))
                .singleElement().satisfies(p -> assertThat(p).containsEntry("Threshold", 0.01));
        assertThat(alarms.values().stream().map(a -> map(a.get("Properties")))
                .filter(p -> "ExtractionFailed".equals(p.get("MetricName"))
                        && String.valueOf(p.get("Dimensions")).contains("MODEL_ACCESS_DENIED")))
                .singleElement().satisfies(p -> {
                    assertThat(p).containsEntry("Namespace", "MedExtract").containsEntry("Threshold", 0);
                    assertThat(String.valueOf(p.get("Dimensions"))).contains("MODEL_ACCESS_DENIED").contains("prod");
                });
        prod.template.hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.org")));
        prod.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void uploadsReachTheQueueThroughEventBridgeAndTheRollupRunsEveryMinute() {
        prod.template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Match.objectLike(Map.of(
                        "source", List.of("aws.s3"),
                        "detail-type", List.of("Object Created"))))));
        prod.template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Description", "Rolls finished extractions into hourly metrics aggregates",
                "ScheduleExpression", "rate(1 minute)")));
    }

    @Test
    void gettersExposeWhatWasCreated() {
        MedExtractPlatform p = prod.platform;
        assertThat(List.of(p.getDocumentBucket(), p.getAccessLogBucket(), p.getResultsTable(),
                p.getExperimentsTable(), p.getExtractionQueue(), p.getExtractionDeadLetterQueue(),
                p.getAsyncFailureQueue(), p.getUploadEventsDeadLetterQueue(), p.getEvaluationQueue(),
                p.getAuditTable(), p.getUploadFunction(), p.getExtractFunction(), p.getMetricsFunction(),
                p.getExperimentsFunction(), p.getApi(), p.getAlarmTopic(), p.getDashboard(),
                p.getEncryptionKey())).doesNotContainNull();
        assertThat(p.getAlarms()).hasSize(26);
        assertThat(p.getFunctionSettings(PlatformFunction.EXTRACT).memorySizeMb()).isEqualTo(2048);
    }

    @Test
    @SuppressWarnings("deprecation") // the whole-API grant stays for existing callers
    void grantInvokeApiAllowsExecuteApiOnThisStageOnly() {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, "Grant");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform",
                MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).build());
        var role = software.amazon.awscdk.services.iam.Role.Builder.create(stack, "Caller")
                .assumedBy(new software.amazon.awscdk.services.iam.AccountRootPrincipal()).build();
        platform.grantInvokeApi(role);
        var template = software.amazon.awscdk.assertions.Template.fromStack(stack);
        String roleId = stack.getLogicalId((software.amazon.awscdk.CfnElement) role.getNode().getDefaultChild());
        var callerPolicies = template.findResources("AWS::IAM::Policy").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Roles")).contains(roleId))
                .toList();
        assertThat(callerPolicies).singleElement().satisfies(p -> {
            String statement = String.valueOf(map(p.get("PolicyDocument")).get("Statement"));
            assertThat(statement).contains("Action=execute-api:Invoke").contains("DeploymentStageprod").contains("/*/api/*")
                    .doesNotContain("Resource=*");
        });
    }
}
