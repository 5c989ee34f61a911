package io.medextract.cdk;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import io.medextract.contract.SharedDefaults;

/**
 * The one table of stage defaults. Every value can be overridden through {@link MedExtractPlatformProps};
 * API.md repeats this table and the construct tests assert it on the synthesized template.
 *
 * <p>Warm starts: SnapStart is on wherever it is free to use (Java managed runtimes pay nothing extra for
 * it). The prod extract function instead keeps 3 provisioned environments on its {@code live} alias: those
 * are fully initialised and JIT-warm, so the first documents after a quiet period are not slowed by
 * snapshot restore. Lambda forbids both on one version, and the props reject the combination.
 *
 * <p>Spend and fairness: evaluation runs read their own queue with {@code evaluationMaxConcurrency} (2, the lowest
 * maximum concurrency an SQS event source takes) beside the production queue's {@code extractMaxConcurrency}; each
 * caller may request {@code callerExtractionLimit} extractions (POST /api/extract) and run
 * {@code callerEvaluationLimit} evaluation documents; {@code spendAlarmUsdPerHour} is the Bedrock spend per hour
 * (production and evaluation extractions) above which an alarm fires. The thresholds are a few percent of what the
 * stage's concurrency could spend at most (README, "Spend and fairness").
 *
 * <p>Metrics rollup: every minute in every stage (EventBridge's finest rate). A metrics read adds the raw results
 * completed after the last run's watermark, so the interval bounds that tail (interval + the 1-minute settle
 * margin); the run's cost grows with the hour's traffic, and stays small at the platform's throughput (README,
 * "Metrics rollup interval", has the measured numbers).
 *
 * <p>Audit logs (API access logs, WAF logs): six years in prod, the HIPAA retention of documentation
 * (45 CFR 164.316(b)(2)(i)), kept in CloudWatch Logs under the platform key rather than exported: at $0.03 per GB-month
 * of archived logs (us-east-1) that costs about 1.80 USD a month more, once six years have accumulated, per GB of
 * logs written a month than one year would, needs no export pipeline, and keeps them searchable with Logs Insights.
 */
public record StageDefaults(
        DeploymentStage stage,
        Map<PlatformFunction, FunctionSettings> functions,
        double apiRateLimit,
        int apiBurstLimit,
        RetentionDays logRetention,
        RemovalPolicy removalPolicy,
        boolean autoDeleteObjects,
        boolean tableDeletionProtection,
        String bedrockModelId,
        List<String> bedrockModelRegions,
        int extractMaxConcurrency,
        int extractBatchSize,
        int queueMaxReceiveCount,
        int noncurrentVersionExpirationDays,
        boolean webAcl,
        int backupRetentionDays,
        int accessLogExpirationDays,
        boolean canaryDeploys,
        int metricsRollupMinutes,
        RetentionDays auditLogRetention,
        int evaluationMaxConcurrency,
        CallerLimit callerExtractionLimit,
        CallerLimit callerEvaluationLimit,
        double spendAlarmUsdPerHour) {

    /** Cross-region inference profile for Claude Haiku 4.5 (us geography). */
    public static final String CLAUDE_HAIKU_4_5_US = SharedDefaults.BEDROCK_MODEL_ID;
    /** Cross-region inference profile for Claude Sonnet 4.5 (us geography). */
    public static final String CLAUDE_SONNET_4_5_US = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    public StageDefaults {
        functions = Map.copyOf(functions);
        // null: the regions follow from the model id's inference profile geography (BedrockModelAccess)
        bedrockModelRegions = bedrockModelRegions == null ? null : List.copyOf(bedrockModelRegions);
    }

    /** Whether the platform makes its own backup plan (a plan brought in {@code backupPlan} is used instead). */
    public boolean backupPlanCreated() {
        return backupRetentionDays > 0;
    }

    public static StageDefaults forStage(DeploymentStage stage) {
        return switch (stage) {
            case DEV -> new StageDefaults(stage,
                    functions(512, 0, 0, 0, 0, false),
                    100, 200, RetentionDays.ONE_WEEK, RemovalPolicy.DESTROY, true, false,
                    CLAUDE_HAIKU_4_5_US, null, 5, 5, 5, 7, true, 0, 30, false, 1, RetentionDays.ONE_WEEK,
                    2, CallerLimit.perHour(60), CallerLimit.perDay(1000), 5);
            case STAGING -> new StageDefaults(stage,
                    functions(1024, 50, 50, 5, 0, false),
                    500, 1000, RetentionDays.ONE_MONTH, RemovalPolicy.RETAIN, false, false,
                    CLAUDE_SONNET_4_5_US, null, 10, 5, 5, 30, true, 35, 365, true, 1, RetentionDays.ONE_MONTH,
                    2, CallerLimit.perHour(300), CallerLimit.perDay(2000), 25);
            case PROD -> new StageDefaults(stage,
                    functions(2048, 100, 100, 10, 3, true),
                    1000, 2000, RetentionDays.ONE_YEAR, RemovalPolicy.RETAIN, false, true,
                    CLAUDE_SONNET_4_5_US, null, 20, 5, 5, 90, true, 365, 2190, true, 1, RetentionDays.SIX_YEARS,
                    2, CallerLimit.perHour(600), CallerLimit.perDay(5000), 100);
        };
    }

    /** The web console's stage defaults (used only with {@code webConsole}). */
    public WebConsoleDefaults webConsole() {
        return new WebConsoleDefaults(stage != DeploymentStage.DEV, stage == DeploymentStage.PROD);
    }

    /**
     * @param threatProtection       Cognito threat protection enforced (Plus feature plan): staging and prod
     * @param userPoolDeletionProtection the user pool cannot be deleted by a stack update or delete: prod
     */
    public record WebConsoleDefaults(boolean threatProtection, boolean userPoolDeletionProtection) {}

    public FunctionSettings function(PlatformFunction function) {
        return functions.get(function);
    }

    /** These defaults with every value the props set laid over them: what the construct builds. */
    public StageDefaults overriddenBy(MedExtractPlatformProps props) {
        Map<PlatformFunction, FunctionSettings> merged = new EnumMap<>(PlatformFunction.class);
        for (PlatformFunction f : PlatformFunction.values()) {
            merged.put(f, props.getFunctionSettings(f).overriding(function(f)));
        }
        RemovalPolicy removal = or(props.getRemovalPolicy(), removalPolicy);
        return new StageDefaults(stage, merged,
                or(props.getApiRateLimit(), apiRateLimit),
                or(props.getApiBurstLimit(), apiBurstLimit),
                or(props.getLogRetention(), logRetention),
                removal,
                // The auto-delete custom resource's function cannot run in a VPC, and in VPC mode every function does.
                autoDeleteObjects && removal == RemovalPolicy.DESTROY && props.getVpc() == null,
                tableDeletionProtection && removal != RemovalPolicy.DESTROY,
                or(props.getBedrockModelId(), bedrockModelId),
                or(props.getBedrockModelRegions(), bedrockModelRegions),
                or(props.getExtractMaxConcurrency(), extractMaxConcurrency),
                or(props.getExtractBatchSize(), extractBatchSize),
                or(props.getQueueMaxReceiveCount(), queueMaxReceiveCount),
                noncurrentVersionExpirationDays,
                props.getWebAclArn() == null && or(props.getCreateWebAcl(), webAcl),
                props.getBackupPlan() != null || Boolean.FALSE.equals(props.getBackup()) ? 0
                        : or(props.getBackupRetentionDays(), Boolean.TRUE.equals(props.getBackup()) && backupRetentionDays == 0
                                ? 35 : backupRetentionDays),
                or(props.getAccessLogExpirationDays(), accessLogExpirationDays),
                or(props.getCanaryDeploys(), canaryDeploys),
                props.getMetricsRollupInterval() == null ? metricsRollupMinutes
                        : props.getMetricsRollupInterval().toMinutes().intValue(),
                or(props.getAuditLogRetention(), auditLogRetention),
                or(props.getEvaluationMaxConcurrency(), evaluationMaxConcurrency),
                or(props.getCallerExtractionLimit(), callerExtractionLimit),
                or(props.getCallerEvaluationLimit(), callerEvaluationLimit),
                or(props.getSpendAlarmUsdPerHour(), spendAlarmUsdPerHour));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static Map<PlatformFunction, FunctionSettings> functions(
            int extractMemory, int uploadReserved, int extractReserved, int readerReserved, int extractProvisioned,
            boolean prod) {
        Map<PlatformFunction, FunctionSettings> map = new EnumMap<>(PlatformFunction.class);
        // 256 MB for upload: right-sized from 512 MB; it only validates and streams to S3.
        map.put(PlatformFunction.UPLOAD, new FunctionSettings(256, 60, uploadReserved, 0, true, 10));
        // Extraction waits on Bedrock for tens of seconds per document, so its p99 alarm sits at 120 s
        // (a 10 s threshold would fire on every healthy hour); the other functions use 10 s.
        // 900 s, Lambda's maximum: Bedrock compiles a new output schema's grammar on first use, which "may take
        // up to a few minutes" (https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html),
        // before the model writes up to maxTokens; a shorter timeout would cut off paid, nearly done calls.
        map.put(PlatformFunction.EXTRACT, new FunctionSettings(extractMemory, 900, extractReserved,
                extractProvisioned, !prod, 120));
        // Reserved concurrency on every staging/prod function (HIPAA/NIST LambdaConcurrency): a runaway
        // function cannot starve the others; dev keeps the shared pool (new accounts may have no room to reserve).
        map.put(PlatformFunction.METRICS, new FunctionSettings(1024, 60, readerReserved, 0, true, 10));
        map.put(PlatformFunction.EXPERIMENTS, new FunctionSettings(512, 60, readerReserved, 0, true, 10));
        return map;
    }
}
