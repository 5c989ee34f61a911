package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;

/**
 * The stage table (API.md, StageDefaults) as the synthesized templates show it. The expected numbers are
 * written out here on purpose, independent of StageDefaults, so a changed default fails this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageDefaultsTemplateTest {

    private final Map<DeploymentStage, SynthesizedPlatform> synthesized = new java.util.EnumMap<>(DeploymentStage.class);

    @BeforeAll
    void synthesizeEachStage() {
        for (DeploymentStage stage : DeploymentStage.values()) {
            synthesized.put(stage, SynthesizedPlatform.of(stage));
        }
    }

    @AfterAll
    void release() {
        synthesized.clear();
    }

    /** function, stage, memory MB, timeout s, reserved concurrency (0 = none), provisioned, SnapStart. */
    static Stream<Arguments> functionTable() {
        return Stream.of(
                Arguments.of(PlatformFunction.UPLOAD, DeploymentStage.DEV, 256, 60, 0, 0, true),
                Arguments.of(PlatformFunction.UPLOAD, DeploymentStage.STAGING, 256, 60, 50, 0, true),
                Arguments.of(PlatformFunction.UPLOAD, DeploymentStage.PROD, 256, 60, 100, 0, true),
                Arguments.of(PlatformFunction.EXTRACT, DeploymentStage.DEV, 512, 900, 0, 0, true),
                Arguments.of(PlatformFunction.EXTRACT, DeploymentStage.STAGING, 1024, 900, 50, 0, true),
                Arguments.of(PlatformFunction.EXTRACT, DeploymentStage.PROD, 2048, 900, 100, 3, false),
                Arguments.of(PlatformFunction.METRICS, DeploymentStage.DEV, 1024, 60, 0, 0, true),
                Arguments.of(PlatformFunction.METRICS, DeploymentStage.STAGING, 1024, 60, 5, 0, true),
                Arguments.of(PlatformFunction.METRICS, DeploymentStage.PROD, 1024, 60, 10, 0, true),
                Arguments.of(PlatformFunction.EXPERIMENTS, DeploymentStage.DEV, 512, 60, 0, 0, true),
                Arguments.of(PlatformFunction.EXPERIMENTS, DeploymentStage.STAGING, 512, 60, 5, 0, true),
                Arguments.of(PlatformFunction.EXPERIMENTS, DeploymentStage.PROD, 512, 60, 10, 0, true));
    }

    @ParameterizedTest(name = "{0} {1}: {2} MB, {3} s, reserved {4}, provisioned {5}, SnapStart {6}")
    @MethodSource("functionTable")
    void functionDefaults(PlatformFunction kind, DeploymentStage stage, int memory, int timeout, int reserved,
                          int provisioned, boolean snapStart) {
        SynthesizedPlatform s = synthesized.get(stage);
        Map<String, Object> fn = s.functionProperties(kind);
        assertThat(((Number) fn.get("MemorySize")).intValue()).isEqualTo(memory);
        assertThat(((Number) fn.get("Timeout")).intValue()).isEqualTo(timeout);
        if (reserved == 0) {
            assertThat(fn).doesNotContainKey("ReservedConcurrentExecutions");
        } else {
            assertThat(((Number) fn.get("ReservedConcurrentExecutions")).intValue()).isEqualTo(reserved);
        }
        if (snapStart) {
            assertThat(map(fn.get("SnapStart"))).containsEntry("ApplyOn", "PublishedVersions");
        } else {
            assertThat(fn).doesNotContainKey("SnapStart");
        }
        String functionId = s.logicalId(s.platform.getFunction(kind));
        Map<String, Map<String, Object>> aliases = s.resources("AWS::Lambda::Alias");
        Map<String, Object> alias = aliases.values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> Map.of("Ref", functionId).equals(p.get("FunctionName")))
                .findFirst().orElseThrow();
        assertThat(alias).containsEntry("Name", "live");
        if (provisioned == 0) {
            assertThat(alias).doesNotContainKey("ProvisionedConcurrencyConfig");
        } else {
            assertThat(map(alias.get("ProvisionedConcurrencyConfig")))
                    .containsEntry("ProvisionedConcurrentExecutions", provisioned);
        }
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void everyFunctionRunsJava25OnArmWithTracingInsightsAndTheRequiredEnvironment(DeploymentStage stage) {
        SynthesizedPlatform s = synthesized.get(stage);
        for (PlatformFunction kind : PlatformFunction.values()) {
            Map<String, Object> fn = s.functionProperties(kind);
            assertThat(fn).containsEntry("Runtime", "java25");
            assertThat(list(fn.get("Architectures"))).containsExactly("arm64");
            assertThat(map(fn.get("TracingConfig"))).containsEntry("Mode", "Active");
            assertThat(list(fn.get("Layers"))).hasSize(1);
            Map<String, Object> variables = map(map(fn.get("Environment")).get("Variables"));
            assertThat(variables).containsKeys("DYNAMODB_TABLE", "EXPERIMENTS_TABLE", "S3_BUCKET")
                    .containsEntry("ENVIRONMENT", stage.id())
                    .doesNotContainKey("AWS_REGION")
                    // Lambda picks the JIT per runtime and start mode (full tiered with SnapStart on java25).
                    .doesNotContainKey("JAVA_TOOL_OPTIONS");
            assertThat(map(fn.get("LoggingConfig"))).containsEntry("LogFormat", "JSON").containsKey("LogGroup");
        }
        Map<String, Object> extractEnv = map(map(s.functionProperties(PlatformFunction.EXTRACT).get("Environment"))
                .get("Variables"));
        assertThat(extractEnv).containsKeys("EXTRACTION_QUEUE_URL", "BEDROCK_MODEL_ID");
    }

    /** stage, backup retention days (0 = no plan), access-log expiry days. */
    static Stream<Arguments> backupTable() {
        return Stream.of(
                Arguments.of(DeploymentStage.DEV, 0, 30),
                Arguments.of(DeploymentStage.STAGING, 35, 365),
                Arguments.of(DeploymentStage.PROD, 365, 2190));
    }

    @ParameterizedTest(name = "{0}: backups kept {1} d, access logs {2} d")
    @MethodSource("backupTable")
    void backupsAndAccessLogsPerStage(DeploymentStage stage, int backupDays, int accessLogDays) {
        SynthesizedPlatform s = synthesized.get(stage);
        if (backupDays == 0) {
            s.template.resourceCountIs("AWS::Backup::BackupPlan", 0);
        } else {
            s.template.hasResourceProperties("AWS::Backup::BackupPlan", Match.objectLike(Map.of(
                    "BackupPlan", Match.objectLike(Map.of("BackupPlanRule", List.of(Match.objectLike(Map.of(
                            "Lifecycle", Map.of("DeleteAfterDays", backupDays)))))))));
            String key = s.logicalId(s.platform.getEncryptionKey());
            s.template.hasResourceProperties("AWS::Backup::BackupVault", Match.objectLike(Map.of(
                    "EncryptionKeyArn", Map.of("Fn::GetAtt", List.of(key, "Arn")))));
            // Both tables and the documents bucket, by ARN.
            String selection = s.resources("AWS::Backup::BackupSelection").values().iterator().next().toString();
            assertThat(selection).contains(s.logicalId(s.platform.getResultsTable()),
                    s.logicalId(s.platform.getExperimentsTable()), s.logicalId(s.platform.getDocumentBucket()));
        }
        String accessLogs = s.logicalId(s.platform.getAccessLogBucket());
        Map<String, Object> bucket = map(s.resources("AWS::S3::Bucket").get(accessLogs).get("Properties"));
        assertThat(bucket).containsEntry("VersioningConfiguration", Map.of("Status", "Enabled"));
        assertThat(bucket.get("LifecycleConfiguration").toString()).contains("ExpirationInDays=" + accessLogDays);
        // Log delivery writes only to SSE-S3 buckets, so this one bucket stays on AES256.
        assertThat(bucket.get("BucketEncryption").toString()).contains("SSEAlgorithm=AES256");
    }

    /** stage, rate limit, burst limit, log retention days, bucket/table deletion policy, deletion protection. */
    static Stream<Arguments> stageTable() {
        return Stream.of(
                Arguments.of(DeploymentStage.DEV, 100, 200, 7, 7, "Delete", false),
                Arguments.of(DeploymentStage.STAGING, 500, 1000, 30, 30, "Retain", false),
                Arguments.of(DeploymentStage.PROD, 1000, 2000, 365, 2192, "Retain", true));
    }

    @Test
    void auditLogRetentionOverridesTheStageDefaultOfTheAuditLogGroupsOnly() {
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .auditLogRetention(software.amazon.awscdk.services.logs.RetentionDays.TEN_YEARS).build());
        s.resources("AWS::Logs::LogGroup").forEach((id, lg) -> assertThat(map(lg.get("Properties"))).as(id)
                .containsEntry("RetentionInDays", id.contains("AccessLogs") || id.contains("Firewall") ? 3653 : 7));
    }

    @ParameterizedTest(name = "{0}: {1} rps, burst {2}, logs {3} d, audit logs {4} d, {5}, deletion protection {6}")
    @MethodSource("stageTable")
    void stageWideDefaults(DeploymentStage stage, int rate, int burst, int retentionDays, int auditRetentionDays,
                           String deletionPolicy, boolean deletionProtection) {
        SynthesizedPlatform s = synthesized.get(stage);
        s.template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", stage.id(),
                "TracingEnabled", true,
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*",
                        "ResourcePath", "/*",
                        "ThrottlingRateLimit", rate,
                        "ThrottlingBurstLimit", burst,
                        "DataTraceEnabled", false,
                        "LoggingLevel", "INFO")))))));
        Map<String, Map<String, Object>> logGroups = s.resources("AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(6); // four functions + API access logs + WAF logs
        logGroups.forEach((id, lg) -> {
            // the audit trail (API access logs, WAF logs) is kept auditLogRetention: six years in prod (HIPAA)
            boolean audit = id.contains("AccessLogs") || id.contains("Firewall");
            assertThat(map(lg.get("Properties"))).as(id)
                    .containsEntry("RetentionInDays", audit ? auditRetentionDays : retentionDays).containsKey("KmsKeyId");
            assertThat(lg).containsEntry("DeletionPolicy", deletionPolicy);
        });
        s.resources("AWS::DynamoDB::Table").values().forEach(table -> {
            assertThat(table).containsEntry("DeletionPolicy", deletionPolicy);
            Map<String, Object> props = map(table.get("Properties"));
            assertThat(props).containsEntry("BillingMode", "PAY_PER_REQUEST");
            assertThat(props.getOrDefault("DeletionProtectionEnabled", false)).isEqualTo(deletionProtection);
        });
        s.resources("AWS::S3::Bucket").values().forEach(bucket ->
                assertThat(bucket).containsEntry("DeletionPolicy", deletionPolicy));
        boolean autoDelete = stage == DeploymentStage.DEV;
        assertThat(s.resources("Custom::S3AutoDeleteObjects")).hasSize(autoDelete ? 2 : 0);
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void queueFeedsExtractWithPartialBatchFailuresAndADeadLetterQueue(DeploymentStage stage) {
        SynthesizedPlatform s = synthesized.get(stage);
        s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 5,
                "ScalingConfig", Map.of("MaximumConcurrency", Map.of(DeploymentStage.DEV, 5, DeploymentStage.STAGING, 10,
                        DeploymentStage.PROD, 20).get(stage)))));
        s.template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "VisibilityTimeout", 5400,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5)))));
        s.template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 4);
        s.template.allResourcesProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of(
                "MaximumRetryAttempts", 2,
                "Qualifier", "live")));
        // Failed async events land in the encrypted async-failure queue, each function's dead-letter queue.
        String asyncFailures = s.logicalId(s.platform.getAsyncFailureQueue());
        for (PlatformFunction kind : PlatformFunction.values()) {
            assertThat(s.functionProperties(kind)).containsEntry("DeadLetterConfig",
                    Map.of("TargetArn", Map.of("Fn::GetAtt", List.of(asyncFailures, "Arn"))));
        }
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void synthLeavesNoWarnings(DeploymentStage stage) {
        SynthesizedPlatform s = synthesized.get(stage);
        assertThat(software.amazon.awscdk.assertions.Annotations.fromStack(s.stack)
                .findWarning("*", Match.anyValue())).isEmpty();
    }

    /** The metrics rollup's schedule (the one rule that targets the metrics function's alias). */
    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void theMetricsRollupRunsEveryMinute(DeploymentStage stage) {
        assertThat(MetricsRollupScheduleTemplateTest.rollupRule(synthesized.get(stage)))
                .containsEntry("ScheduleExpression", "rate(1 minute)");
    }
}
