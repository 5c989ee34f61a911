package io.medextract.cdk;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import io.medextract.contract.SharedDefaults;

/**
 * Props of {@link MedExtractPlatform}. Only {@code stage} is required; every other value falls back to
 * {@link StageDefaults} for that stage. All checks run in {@link Builder#build()} and throw
 * {@link IllegalArgumentException} naming the prop and the allowed values.
 */
public final class MedExtractPlatformProps {

    /** About a day: rides out a regional brown-out or a quota increase, not a forgotten quota. */
    static final software.amazon.awscdk.Duration DEFAULT_THROTTLE_RETRY_BUDGET =
            software.amazon.awscdk.Duration.minutes(SharedDefaults.THROTTLE_RETRY_BUDGET_MINUTES);
    static final software.amazon.awscdk.Duration MAX_THROTTLE_RETRY_BUDGET = software.amazon.awscdk.Duration.days(7);
    /**
     * Longest metrics rollup interval: each run looks back 3 hours for hours not yet final (HourlyRollup), so a
     * run must come at least hourly; a metrics read adds the raw results of up to interval + 1 minute.
     */
    static final int MAX_METRICS_ROLLUP_MINUTES = 60;
    /** A hundred years: longer than any medical record retention law asks for. */
    static final int MAX_RETENTION_DAYS = 36_500;

    private final DeploymentStage stage;
    private final String alarmEmail;
    private final List<String> corsAllowedOrigins;
    private final ApiAuthorization authorization;
    private final List<IUserPool> cognitoUserPools;
    private final Runtime runtime;
    private final Architecture architecture;
    private final FunctionSettings uploadFunction;
    private final FunctionSettings extractFunction;
    private final FunctionSettings metricsFunction;
    private final FunctionSettings experimentsFunction;
    private final Double apiRateLimit;
    private final Integer apiBurstLimit;
    private final RetentionDays logRetention;
    private final RetentionDays auditLogRetention;
    private final RemovalPolicy removalPolicy;
    private final String bedrockModelId;
    private final List<String> bedrockModelRegions;
    private final List<String> structuredOutputModels;
    private final Integer extractMaxConcurrency;
    private final Integer extractBatchSize;
    private final Integer queueMaxReceiveCount;
    private final software.amazon.awscdk.Duration throttleRetryBudget;
    private final software.amazon.awscdk.Duration metricsRollupInterval;
    private final String promptLabel;
    private final java.util.Map<String, String> promptLabelVersions;
    private final String promptTemplatesDirectory;
    private final java.util.Map<String, BedrockPrice> bedrockPrices;
    private final Boolean lambdaInsights;
    private final Boolean apiCloudWatchRole;
    private final Boolean createWebAcl;
    private final String webAclArn;
    private final software.amazon.awscdk.services.ec2.IVpc vpc;
    private final software.amazon.awscdk.services.ec2.SubnetSelection vpcSubnets;
    private final Boolean vpcEndpoints;
    private final List<PlatformVpcEndpoint> existingVpcEndpoints;
    private final List<String> gatewayEndpointPrefixListIds;
    private final IBucket existingBucket;
    private final IKey existingEncryptionKey;
    private final ITopic existingAlarmTopic;
    private final Boolean backup;
    private final software.amazon.awscdk.services.backup.IBackupPlan backupPlan;
    private final Integer backupRetentionDays;
    private final Integer accessLogExpirationDays;
    private final IBucket replicationBucket;
    private final IKey replicationKey;
    private final String platformName;
    private final Boolean canaryDeploys;
    private final String cognitoScopePrefix;
    private final WebConsoleProps webConsole;
    private final String promotionGateEvaluationSet;
    private final Double promotionGateMaxRegression;
    private final List<String> evaluationModelIds;
    private final DocumentAccess documentAccess;
    private final software.amazon.awscdk.Duration retention;
    private final Integer evaluationMaxConcurrency;
    private final CallerLimit callerExtractionLimit;
    private final CallerLimit callerEvaluationLimit;
    private final Double spendAlarmUsdPerHour;

    private MedExtractPlatformProps(Builder b) {
        this.retention = b.retention;
        this.documentAccess = b.documentAccess == null ? DocumentAccess.OWNER_ONLY : b.documentAccess;
        this.evaluationMaxConcurrency = b.evaluationMaxConcurrency;
        this.callerExtractionLimit = b.callerExtractionLimit;
        this.callerEvaluationLimit = b.callerEvaluationLimit;
        this.spendAlarmUsdPerHour = b.spendAlarmUsdPerHour;
        this.promotionGateEvaluationSet = b.promotionGateEvaluationSet;
        this.promotionGateMaxRegression = b.promotionGateMaxRegression;
        this.evaluationModelIds = b.evaluationModelIds == null ? List.of() : List.copyOf(b.evaluationModelIds);
        this.stage = b.stage;
        this.alarmEmail = b.alarmEmail;
        this.corsAllowedOrigins = b.corsAllowedOrigins == null ? List.of() : List.copyOf(b.corsAllowedOrigins);
        this.authorization = b.authorization == null ? ApiAuthorization.IAM : b.authorization;
        this.cognitoUserPools = b.cognitoUserPools == null ? List.of() : List.copyOf(b.cognitoUserPools);
        this.runtime = b.runtime;
        this.architecture = b.architecture;
        this.uploadFunction = b.uploadFunction;
        this.extractFunction = b.extractFunction;
        this.metricsFunction = b.metricsFunction;
        this.experimentsFunction = b.experimentsFunction;
        this.apiRateLimit = b.apiRateLimit;
        this.apiBurstLimit = b.apiBurstLimit;
        this.logRetention = b.logRetention;
        this.auditLogRetention = b.auditLogRetention;
        this.removalPolicy = b.removalPolicy;
        this.bedrockModelId = b.bedrockModelId;
        this.structuredOutputModels = b.structuredOutputModels == null ? null : List.copyOf(b.structuredOutputModels);
        this.bedrockModelRegions = b.bedrockModelRegions == null ? null : List.copyOf(b.bedrockModelRegions);
        this.extractMaxConcurrency = b.extractMaxConcurrency;
        this.extractBatchSize = b.extractBatchSize;
        this.queueMaxReceiveCount = b.queueMaxReceiveCount;
        this.throttleRetryBudget = b.throttleRetryBudget;
        this.metricsRollupInterval = b.metricsRollupInterval;
        this.promptLabel = b.promptLabel == null ? DEFAULT_PROMPT_LABEL : b.promptLabel;
        this.promptLabelVersions = b.promptLabelVersions == null ? java.util.Map.of()
                : java.util.Map.copyOf(b.promptLabelVersions);
        this.promptTemplatesDirectory = b.promptTemplatesDirectory;
        this.bedrockPrices = b.bedrockPrices == null ? java.util.Map.of() : java.util.Map.copyOf(b.bedrockPrices);
        this.lambdaInsights = b.lambdaInsights;
        this.apiCloudWatchRole = b.apiCloudWatchRole;
        this.createWebAcl = b.createWebAcl;
        this.webAclArn = b.webAclArn;
        this.vpc = b.vpc;
        this.vpcSubnets = b.vpcSubnets;
        this.vpcEndpoints = b.vpcEndpoints;
        this.existingVpcEndpoints = b.existingVpcEndpoints == null ? List.of() : List.copyOf(b.existingVpcEndpoints);
        this.gatewayEndpointPrefixListIds = b.gatewayEndpointPrefixListIds == null ? List.of()
                : List.copyOf(b.gatewayEndpointPrefixListIds);
        this.existingBucket = b.existingBucket;
        this.existingEncryptionKey = b.existingEncryptionKey;
        this.existingAlarmTopic = b.existingAlarmTopic;
        this.backup = b.backup;
        this.backupPlan = b.backupPlan;
        this.backupRetentionDays = b.backupRetentionDays;
        this.accessLogExpirationDays = b.accessLogExpirationDays;
        this.replicationBucket = b.replicationBucket;
        this.replicationKey = b.replicationKey;
        this.platformName = b.platformName;
        this.canaryDeploys = b.canaryDeploys;
        this.cognitoScopePrefix = b.cognitoScopePrefix == null ? "medextract" : b.cognitoScopePrefix;
        this.webConsole = b.webConsole;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DeploymentStage getStage() { return stage; }
    public String getAlarmEmail() { return alarmEmail; }
    public List<String> getCorsAllowedOrigins() { return corsAllowedOrigins; }
    public ApiAuthorization getAuthorization() { return authorization; }
    public List<IUserPool> getCognitoUserPools() { return cognitoUserPools; }
    public Runtime getRuntime() { return runtime == null ? Runtime.JAVA_25 : runtime; }
    public Architecture getArchitecture() { return architecture == null ? Architecture.ARM_64 : architecture; }
    public Double getApiRateLimit() { return apiRateLimit; }
    public Integer getApiBurstLimit() { return apiBurstLimit; }
    public RetentionDays getLogRetention() { return logRetention; }
    public RetentionDays getAuditLogRetention() { return auditLogRetention; }
    public RemovalPolicy getRemovalPolicy() { return removalPolicy; }
    public String getBedrockModelId() { return bedrockModelId; }
    public List<String> getBedrockModelRegions() { return bedrockModelRegions; }
    /** Null: the handlers' documented table of structured-output models. */
    public List<String> getStructuredOutputModels() { return structuredOutputModels; }
    public Integer getExtractMaxConcurrency() { return extractMaxConcurrency; }
    public Integer getExtractBatchSize() { return extractBatchSize; }
    public Integer getQueueMaxReceiveCount() { return queueMaxReceiveCount; }
    /** How long Bedrock may keep an extraction waiting before it FAILS as BEDROCK_THROTTLED. Default: 24 hours. */
    public software.amazon.awscdk.Duration getThrottleRetryBudget() {
        return throttleRetryBudget == null ? DEFAULT_THROTTLE_RETRY_BUDGET : throttleRetryBudget;
    }
    /** How often the metrics rollup runs; null: the stage default (1 minute). */
    public software.amazon.awscdk.Duration getMetricsRollupInterval() { return metricsRollupInterval; }
    public String getPromptLabel() { return promptLabel; }
    /** Evaluation set version ({@code name@version}) every promotion is gated on; null: only promote requests that name a set are gated. */
    public String getPromotionGateEvaluationSet() { return promotionGateEvaluationSet; }
    /** Most concurrent extract invocations the evaluation queue may drive; null: the stage default (2). */
    public Integer getEvaluationMaxConcurrency() { return evaluationMaxConcurrency; }
    /** Extractions one caller may request with POST /api/extract; null: the stage default. */
    public CallerLimit getCallerExtractionLimit() { return callerExtractionLimit; }
    /** Evaluation documents one caller may run with POST /api/evaluations; null: the stage default. */
    public CallerLimit getCallerEvaluationLimit() { return callerEvaluationLimit; }
    /** Bedrock spend per hour (USD) above which the HourlySpend alarm fires; null: the stage default. */
    public Double getSpendAlarmUsdPerHour() { return spendAlarmUsdPerHour; }
    /** Largest accepted drop in overall F1 and exact-document accuracy (0..1) at the promotion gate. Default: 0.02. */
    public double getPromotionGateMaxRegression() {
        return promotionGateMaxRegression == null ? DEFAULT_PROMOTION_GATE_MAX_REGRESSION : promotionGateMaxRegression;
    }
    /** Models an evaluation run may name besides the stage's model (the extract function may call them too). */
    public List<String> getEvaluationModelIds() { return evaluationModelIds; }
    public java.util.Map<String, String> getPromptLabelVersions() { return promptLabelVersions; }
    public String getPromptTemplatesDirectory() { return promptTemplatesDirectory; }
    public java.util.Map<String, BedrockPrice> getBedrockPrices() { return bedrockPrices; }
    public boolean isLambdaInsights() { return lambdaInsights == null || lambdaInsights; }
    public boolean isApiCloudWatchRole() { return apiCloudWatchRole == null || apiCloudWatchRole; }
    public Boolean getCreateWebAcl() { return createWebAcl; }
    public String getWebAclArn() { return webAclArn; }
    public software.amazon.awscdk.services.ec2.IVpc getVpc() { return vpc; }
    public software.amazon.awscdk.services.ec2.SubnetSelection getVpcSubnets() { return vpcSubnets; }
    public boolean isVpcEndpoints() { return vpcEndpoints == null || vpcEndpoints; }
    public List<PlatformVpcEndpoint> getExistingVpcEndpoints() { return existingVpcEndpoints; }
    public List<String> getGatewayEndpointPrefixListIds() { return gatewayEndpointPrefixListIds; }
    public IBucket getExistingBucket() { return existingBucket; }
    public IKey getExistingEncryptionKey() { return existingEncryptionKey; }
    public ITopic getExistingAlarmTopic() { return existingAlarmTopic; }
    /** Null: the stage default (a plan in STAGING and PROD, none in DEV). */
    public Boolean getBackup() { return backup; }
    public software.amazon.awscdk.services.backup.IBackupPlan getBackupPlan() { return backupPlan; }
    public Integer getBackupRetentionDays() { return backupRetentionDays; }
    public Integer getAccessLogExpirationDays() { return accessLogExpirationDays; }
    public IBucket getReplicationBucket() { return replicationBucket; }
    public IKey getReplicationKey() { return replicationKey; }
    /** Null: derived from the construct's path (see {@link MedExtractPlatform#getPlatformName()}). */
    public String getPlatformName() { return platformName; }
    public Boolean getCanaryDeploys() { return canaryDeploys; }
    /** Resource-server identifier of the Cognito scopes {@code <prefix>/read}, {@code /write}, {@code /admin}. */
    public String getCognitoScopePrefix() { return cognitoScopePrefix; }
    /** Who reads and re-extracts documents: {@link DocumentAccess#OWNER_ONLY} unless set. */
    public DocumentAccess getDocumentAccess() { return documentAccess; }
    /** How long documents and what was extracted from them are kept; null: until erased. */
    public software.amazon.awscdk.Duration getRetention() { return retention; }
    /** The web console's settings, or null when the console is off (the default). */
    public WebConsoleProps getWebConsole() { return webConsole; }

    /** The override given for one function, or an empty settings object. */
    public FunctionSettings getFunctionSettings(PlatformFunction function) {
        FunctionSettings given = switch (function) {
            case UPLOAD -> uploadFunction;
            case EXTRACT -> extractFunction;
            case METRICS -> metricsFunction;
            case EXPERIMENTS -> experimentsFunction;
        };
        return given == null ? FunctionSettings.builder().build() : given;
    }

    /** The label new extractions resolve unless {@code promptLabel} says otherwise (shipped with a version). */
    static final String DEFAULT_PROMPT_LABEL = SharedDefaults.PROMPT_LABEL;
    /** Promotion gate default: a drop of two points of exact-document accuracy (shared with the handlers). */
    static final double DEFAULT_PROMOTION_GATE_MAX_REGRESSION = SharedDefaults.PROMOTION_GATE_MAX_REGRESSION;

    /** The handlers are compiled for Java 17 (maven.compiler.release): older runtimes cannot load them. */
    static final int MIN_JAVA_RUNTIME = 17;

    /** 17 for "java17", 8 for "java8.al2"; 0 when the name carries no version. */
    static int javaVersionOf(Runtime runtime) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^java(\\d+)").matcher(runtime.getName());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    public static final class Builder {
        private DeploymentStage stage;
        private String alarmEmail;
        private List<String> corsAllowedOrigins;
        private ApiAuthorization authorization;
        private List<IUserPool> cognitoUserPools;
        private Runtime runtime;
        private Architecture architecture;
        private FunctionSettings uploadFunction;
        private FunctionSettings extractFunction;
        private FunctionSettings metricsFunction;
        private FunctionSettings experimentsFunction;
        private Double apiRateLimit;
        private Integer apiBurstLimit;
        private RetentionDays logRetention;
        private RetentionDays auditLogRetention;
        private RemovalPolicy removalPolicy;
        private String bedrockModelId;
        private List<String> bedrockModelRegions;
        private List<String> structuredOutputModels;
        private Integer extractMaxConcurrency;
        private Integer extractBatchSize;
        private Integer queueMaxReceiveCount;
        private software.amazon.awscdk.Duration throttleRetryBudget;
        private software.amazon.awscdk.Duration metricsRollupInterval;
        private String promptLabel;
        private String promotionGateEvaluationSet;
        private Double promotionGateMaxRegression;
        private List<String> evaluationModelIds;
        private Integer evaluationMaxConcurrency;
        private CallerLimit callerExtractionLimit;
        private CallerLimit callerEvaluationLimit;
        private Double spendAlarmUsdPerHour;
        private java.util.Map<String, String> promptLabelVersions;
        private String promptTemplatesDirectory;
        private java.util.Map<String, BedrockPrice> bedrockPrices;
        private Boolean lambdaInsights;
        private Boolean apiCloudWatchRole;
        private Boolean createWebAcl;
        private String webAclArn;
        private software.amazon.awscdk.services.ec2.IVpc vpc;
        private software.amazon.awscdk.services.ec2.SubnetSelection vpcSubnets;
        private Boolean vpcEndpoints;
        private List<PlatformVpcEndpoint> existingVpcEndpoints;
        private List<String> gatewayEndpointPrefixListIds;
        private IBucket existingBucket;
        private IKey existingEncryptionKey;
        private ITopic existingAlarmTopic;
        private Boolean backup;
        private software.amazon.awscdk.services.backup.IBackupPlan backupPlan;
        private Integer backupRetentionDays;
        private Integer accessLogExpirationDays;
        private IBucket replicationBucket;
        private IKey replicationKey;
        private String platformName;
        private Boolean canaryDeploys;
        private String cognitoScopePrefix;
        private DocumentAccess documentAccess;
        private software.amazon.awscdk.Duration retention;
        private WebConsoleProps webConsole;

        private Builder() {}

        /** Deploy the web console (CloudFront, S3, a Cognito user pool); needs authorization COGNITO. Default: off. */
        public Builder webConsole(WebConsoleProps webConsole) { this.webConsole = webConsole; return this; }

        /** Required. Selects the defaults of {@link StageDefaults}. */
        public Builder stage(DeploymentStage stage) { this.stage = stage; return this; }
        /** E-mail address subscribed to the alarm topic. Default: no subscription. */
        public Builder alarmEmail(String alarmEmail) { this.alarmEmail = alarmEmail; return this; }
        /** Origins allowed by CORS ('*' or scheme://host[:port]). Default: none (no CORS preflight). */
        public Builder corsAllowedOrigins(List<String> origins) { this.corsAllowedOrigins = origins; return this; }
        /** API authorization. Default: IAM. */
        public Builder authorization(ApiAuthorization authorization) { this.authorization = authorization; return this; }
        /** User pools for {@link ApiAuthorization#COGNITO}. */
        public Builder cognitoUserPools(List<IUserPool> pools) { this.cognitoUserPools = pools; return this; }
        /** Java runtime of all four functions. Default: java25, the newest Java runtime. */
        public Builder runtime(Runtime runtime) { this.runtime = runtime; return this; }
        /** Default: ARM_64 (Graviton). */
        public Builder architecture(Architecture architecture) { this.architecture = architecture; return this; }
        public Builder uploadFunction(FunctionSettings settings) { this.uploadFunction = settings; return this; }
        public Builder extractFunction(FunctionSettings settings) { this.extractFunction = settings; return this; }
        public Builder metricsFunction(FunctionSettings settings) { this.metricsFunction = settings; return this; }
        public Builder experimentsFunction(FunctionSettings settings) { this.experimentsFunction = settings; return this; }
        /** Steady-state API requests per second on the stage. */
        public Builder apiRateLimit(double rps) { this.apiRateLimit = rps; return this; }
        /** API burst capacity (requests). */
        public Builder apiBurstLimit(int burst) { this.apiBurstLimit = burst; return this; }
        public Builder logRetention(RetentionDays retention) { this.logRetention = retention; return this; }
        /** Retention of the audit log groups (API access logs, WAF logs); prod default six years. */
        public Builder auditLogRetention(RetentionDays retention) { this.auditLogRetention = retention; return this; }
        /** Removal policy of the bucket, tables, key and log groups. */
        public Builder removalPolicy(RemovalPolicy policy) { this.removalPolicy = policy; return this; }
        /** Bedrock model id or cross-region inference profile id, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0. */
        public Builder bedrockModelId(String modelId) { this.bedrockModelId = modelId; return this; }
        /**
         * Regions an inference profile routes to; the role may invoke the foundation model there. Default:
         * derived from the profile's geography prefix (us., eu., jp., au., us-gov., global.); required for
         * other geographies (e.g. apac.), which synth rejects without it.
         */
        public Builder bedrockModelRegions(List<String> regions) { this.bedrockModelRegions = regions; return this; }
        /**
         * Models (foundation-model ids; profile prefixes and ARNs are matched too) that get Converse structured
         * output; every other model gets forced tool use. Replaces the built-in table (Claude Haiku 4.5,
         * Sonnet 4.5, Opus 4.5, Opus 4.6, Sonnet 4.6); an empty list turns structured output off.
         */
        public Builder structuredOutputModels(List<String> modelIds) { this.structuredOutputModels = modelIds; return this; }
        /** Most concurrent extract invocations the queue may drive (2..1000): caps Bedrock load. */
        public Builder extractMaxConcurrency(int value) { this.extractMaxConcurrency = value; return this; }
        /** SQS messages per extract invocation (1..10). */
        public Builder extractBatchSize(int value) { this.extractBatchSize = value; return this; }
        /** Receives before a message moves to the dead-letter queue (1..1000). */
        public Builder queueMaxReceiveCount(int value) { this.queueMaxReceiveCount = value; return this; }
        /**
         * How long an extraction may wait for a busy (throttling) Bedrock, in delayed re-sends that do not count
         * toward {@code queueMaxReceiveCount}, before it FAILS as BEDROCK_THROTTLED (1 minute..7 days). Default: 24 hours.
         */
        public Builder throttleRetryBudget(software.amazon.awscdk.Duration budget) { this.throttleRetryBudget = budget; return this; }
        /**
         * How often EventBridge runs the metrics rollup (whole minutes, 1..60). Metrics reads add the raw results
         * completed since the last run's watermark, so a shorter interval means less raw tail per read and more
         * (small) runs. Default: 1 minute in every stage.
         */
        public Builder metricsRollupInterval(software.amazon.awscdk.Duration interval) { this.metricsRollupInterval = interval; return this; }
        /**
         * The evaluation set version, {@code name@version} (e.g. {@code discharge-summaries@3}), that gates every
         * promotion: {@code POST /api/experiments/{id}/promote} answers 409 unless the winner's overall F1 and
         * exact-document accuracy on exactly this version, against the current version's, with the stage's model,
         * each drop by at most {@code promotionGateMaxRegression}. Pinned, because anybody who may write could create a
         * newer, easier version; changing it takes a deployment, and the new version must keep every document of the
         * one that gated the last promotion. Default: none (a promote request may still ask for a gate).
         */
        public Builder promotionGateEvaluationSet(String setVersion) { this.promotionGateEvaluationSet = setVersion; return this; }
        /**
         * Most concurrent extract invocations the evaluation queue may drive (2..1000), beside (not out of)
         * {@code extractMaxConcurrency}: evaluation runs queue there, so production uploads never wait behind a run,
         * and a run's Bedrock load stays low. Default: 2 in every stage.
         */
        public Builder evaluationMaxConcurrency(int value) { this.evaluationMaxConcurrency = value; return this; }
        /**
         * Extractions one caller (IAM principal or Cognito user) may request with POST /api/extract: at most
         * {@code count} in any {@code per} window; beyond it 429 with Retry-After. Default: dev 60, staging 300, prod
         * 600 per hour.
         */
        public Builder callerExtractionLimit(CallerLimit limit) { this.callerExtractionLimit = limit; return this; }
        /**
         * Evaluation documents one caller may run with POST /api/evaluations (a run of n documents takes n); beyond it
         * 429 with Retry-After. Default: dev 1,000, staging 2,000, prod 5,000 per day.
         */
        public Builder callerEvaluationLimit(CallerLimit limit) { this.callerEvaluationLimit = limit; return this; }
        /**
         * The Bedrock spend (USD, production and evaluation extractions, from the CostUsd metric) in one hour above
         * which the HourlySpend alarm fires. Default: dev 5, staging 25, prod 100.
         */
        public Builder spendAlarmUsdPerHour(double usd) { this.spendAlarmUsdPerHour = usd; return this; }
        /** Largest accepted drop in overall F1 and in exact-document accuracy at the promotion gate, 0..1. Default: 0.02. */
        public Builder promotionGateMaxRegression(double value) { this.promotionGateMaxRegression = value; return this; }
        /**
         * Further Bedrock models an evaluation run may name ({@code "model"} of POST /api/evaluations); the extract
         * function gets invoke rights on each (in {@code bedrockModelRegions}). Default: none (the stage's model only).
         */
        public Builder evaluationModelIds(List<String> modelIds) { this.evaluationModelIds = modelIds; return this; }
        /** Prompt label new extractions resolve. Default: production. */
        public Builder promptLabel(String label) { this.promptLabel = label; return this; }
        /**
         * Where prompt labels point until an experiment promotion moves them, e.g.
         * {@code Map.of("production", "referral-letter@1")} to run your own template. Laid over the shipped
         * defaults ({@code production} -> clinical-summary@1, {@code candidate} -> clinical-summary@2); every
         * version must be shipped or in {@code promptTemplatesDirectory}. Default: none.
         */
        public Builder promptLabelVersions(java.util.Map<String, String> labelVersions) { this.promptLabelVersions = labelVersions; return this; }
        /**
         * A directory of extra prompt templates ({@code <name>@<version>.json}, same format as the shipped
         * ones), deployed as a Lambda layer and loaded next to the shipped templates.
         */
        public Builder promptTemplatesDirectory(String directory) { this.promptTemplatesDirectory = directory; return this; }
        /** Price overrides per foundation model id (USD per million tokens), used for cost metrics. */
        public Builder bedrockPrices(java.util.Map<String, BedrockPrice> prices) { this.bedrockPrices = prices; return this; }
        /** Lambda Insights layer on all functions. Default: true. */
        public Builder lambdaInsights(boolean enabled) { this.lambdaInsights = enabled; return this; }
        /** Create the account-level role API Gateway needs to write logs. Default: true. */
        public Builder apiCloudWatchRole(boolean enabled) { this.apiCloudWatchRole = enabled; return this; }
        /**
         * Create an AWS WAF web ACL for the API stage (AWS managed common and known-bad-inputs rules, a
         * per-IP rate limit). Default: true for STAGING and PROD, false for DEV.
         */
        public Builder createWebAcl(boolean create) { this.createWebAcl = create; return this; }
        /** Associate this existing regional web ACL with the API stage instead of creating one. */
        public Builder webAclArn(String arn) { this.webAclArn = arn; return this; }
        /** Run the functions in this VPC (default: no VPC). */
        public Builder vpc(software.amazon.awscdk.services.ec2.IVpc vpc) { this.vpc = vpc; return this; }
        /** Subnets for the functions. Default: the VPC's private subnets. */
        public Builder vpcSubnets(software.amazon.awscdk.services.ec2.SubnetSelection subnets) { this.vpcSubnets = subnets; return this; }
        /**
         * With a VPC, add gateway endpoints (S3, DynamoDB) and interface endpoints (SQS, KMS, Bedrock Runtime,
         * X-Ray, and CloudWatch Logs for Lambda Insights) so traffic to AWS services stays off the internet and
         * needs no NAT. Default: true. Turn off when the VPC already has all of them or reaches AWS through NAT.
         */
        public Builder vpcEndpoints(boolean enabled) { this.vpcEndpoints = enabled; return this; }
        /**
         * Endpoints the VPC already has (e.g. made by another platform or the network team): not created
         * again, since a second private-DNS interface endpoint or gateway route for one service fails the
         * deployment. Their security groups must admit HTTPS from the functions' subnets. Default: none.
         */
        public Builder existingVpcEndpoints(List<PlatformVpcEndpoint> endpoints) { this.existingVpcEndpoints = endpoints; return this; }
        /**
         * The AWS-managed prefix lists of the S3 and DynamoDB gateway endpoints in the stack's region (ids like
         * {@code pl-63a5400a}; {@code aws ec2 describe-managed-prefix-lists}). With them the functions' security
         * group allows HTTPS only to the VPC's own addresses (the interface endpoints) and these prefix lists;
         * without them, HTTPS to any address (CloudFormation cannot look the ids up). Default: none.
         */
        public Builder gatewayEndpointPrefixListIds(List<String> ids) { this.gatewayEndpointPrefixListIds = ids; return this; }
        /** Use this bucket for documents instead of creating one. */
        public Builder existingBucket(IBucket bucket) { this.existingBucket = bucket; return this; }
        /** Use this KMS key instead of creating one (its key policy must admit the services, see API.md). */
        public Builder existingEncryptionKey(IKey key) { this.existingEncryptionKey = key; return this; }
        /** Send alarms to this topic instead of creating one. */
        public Builder existingAlarmTopic(ITopic topic) { this.existingAlarmTopic = topic; return this; }

        /**
         * AWS Backup of the tables and the documents bucket into a vault encrypted with the platform key.
         * Default: on in STAGING and PROD, off in DEV. {@code false} turns it off.
         */
        public Builder backup(boolean enabled) { this.backup = enabled; return this; }
        /** Add the tables and the documents bucket to this backup plan instead of creating one. */
        public Builder backupPlan(software.amazon.awscdk.services.backup.IBackupPlan plan) { this.backupPlan = plan; return this; }
        /** Days each daily backup is kept (1..36500). Default: staging 35, prod 365 (dev with backup(true): 35). */
        public Builder backupRetentionDays(int days) { this.backupRetentionDays = days; return this; }
        /** Days S3 server access logs are kept (1..36500). Default: dev 30, staging 365, prod 2190 (6 years). */
        public Builder accessLogExpirationDays(int days) { this.accessLogExpirationDays = days; return this; }
        /**
         * Replicate the documents bucket to this versioned bucket (normally in another region). Default: no
         * replication. Needs {@code replicationKey}.
         */
        public Builder replicationBucket(IBucket bucket) { this.replicationBucket = bucket; return this; }
        /** KMS key (in the replica bucket's region) that encrypts replicas in {@code replicationBucket}. */
        public Builder replicationKey(IKey key) { this.replicationKey = key; return this; }
        /**
         * This platform's identity in physical names and metric dimensions, so several platforms can share an
         * account (1..40 characters: letters, digits, hyphens). Default: derived from the construct path.
         */
        public Builder platformName(String name) { this.platformName = name; return this; }
        /**
         * CodeDeploy shifts each live alias as a 10 % canary for 5 minutes (true) or all at once (false), rolling
         * back when the function's error-rate or latency alarm fires. Default: canary in STAGING and PROD.
         */
        public Builder canaryDeploys(boolean canary) { this.canaryDeploys = canary; return this; }
        /**
         * With COGNITO: the resource-server identifier whose custom scopes the routes require in the access
         * token: {@code <prefix>/read} for GET routes, {@code <prefix>/write} for the others, {@code <prefix>/admin}
         * for promote and rollback. Default: medextract.
         */
        public Builder cognitoScopePrefix(String prefix) { this.cognitoScopePrefix = prefix; return this; }
        /**
         * Who reads and re-extracts a document, its extractions and an evaluation set's labelled documents. Default
         * {@link DocumentAccess#OWNER_ONLY}: each caller only its own, and callers given the any-owner read scope
         * ({@code read-any-owner}) or grant ({@code grantReadAnyOwnerApi}) everyone's. {@link DocumentAccess#SHARED}:
         * every reader everything. Owner-only limits what one credential can reach (HIPAA minimum necessary) at the
         * price that colleagues working one queue need the any-owner scope or grant to see each other's documents
         * and cannot re-extract them; see {@link DocumentAccess} and README, "Access model".
         */
        public Builder documentAccess(DocumentAccess access) { this.documentAccess = access; return this; }
        /**
         * How long a document and everything extracted from it are kept, in whole days (e.g. the hospital's record
         * retention period): an S3 lifecycle rule expires every object of the documents bucket this long after it was
         * written (its bytes go {@code noncurrentVersionExpirationDays} later, with the noncurrent version), and
         * document, extraction and labelled evaluation items carry the instant in the tables' TTL attribute
         * {@code expiresAt} (DynamoDB deletes them within days; the API treats them as gone at once). Backups,
         * point-in-time recovery and a replica bucket keep their own copies (README, "Operations"). Default: none,
         * documents are kept until {@code DELETE /api/documents/{id}} erases them. Not with {@code existingBucket},
         * whose lifecycle rules this construct cannot set.
         */
        public Builder retention(software.amazon.awscdk.Duration retention) { this.retention = retention; return this; }

        public MedExtractPlatformProps build() {
            if (stage == null) {
                throw new IllegalArgumentException("stage is required; allowed: DEV, STAGING, PROD");
            }
            PropsValidation.email("alarmEmail", alarmEmail);
            PropsValidation.origins("corsAllowedOrigins", corsAllowedOrigins);
            PropsValidation.positive("apiRateLimit", apiRateLimit);
            PropsValidation.positive("apiBurstLimit", apiBurstLimit);
            PropsValidation.notBlank("bedrockModelId", bedrockModelId);
            PropsValidation.notBlank("promptLabel", promptLabel);
            PropsValidation.range("extractMaxConcurrency", extractMaxConcurrency, 2, 1000);
            PropsValidation.range("backupRetentionDays", backupRetentionDays, 1, 36500);
            PropsValidation.range("accessLogExpirationDays", accessLogExpirationDays, 1, 36500);
            if (Boolean.FALSE.equals(backup) && (backupPlan != null || backupRetentionDays != null)) {
                throw new IllegalArgumentException("backup(false) cannot be combined with backupPlan or backupRetentionDays");
            }
            if (backupPlan != null && backupRetentionDays != null) {
                throw new IllegalArgumentException("backupRetentionDays applies to the plan the platform creates;"
                        + " with backupPlan, the plan's own rules decide retention");
            }
            if ((replicationKey == null) != (replicationBucket == null)) {
                throw new IllegalArgumentException("replicationBucket and replicationKey go together: documents are"
                        + " SSE-KMS objects, and S3 replicates them only with a KMS key for the replicas");
            }
            if (retention != null) {
                double seconds = retention.toSeconds().doubleValue();
                // S3 lifecycle expiration takes a whole, positive number of days:
                // https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html
                if (seconds % 86_400 != 0 || seconds < 86_400 || seconds > MAX_RETENTION_DAYS * 86_400.0) {
                    throw new IllegalArgumentException("retention must be a whole number of days between 1 and "
                            + MAX_RETENTION_DAYS + " (S3 lifecycle rules count whole days), got " + retention.toHumanString());
                }
                if (existingBucket != null) {
                    throw new IllegalArgumentException("retention applies an S3 lifecycle rule to the documents bucket"
                            + " the platform creates; give existingBucket an expiration rule of its own and leave"
                            + " retention unset, or let the platform create the bucket");
                }
            }
            if (replicationBucket != null && existingBucket != null) {
                throw new IllegalArgumentException("replicationBucket applies to the documents bucket the platform"
                        + " creates; configure replication on existingBucket yourself");
            }
            if (cognitoScopePrefix != null && !cognitoScopePrefix.matches("[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]{1,256}")) {
                throw new IllegalArgumentException("cognitoScopePrefix must be a Cognito resource-server identifier"
                        + " (1..256 printable characters without spaces, quotes, slashes or backslashes), got '"
                        + cognitoScopePrefix + "'");
            }
            if (platformName != null && !platformName.matches("[A-Za-z0-9][A-Za-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("platformName must be 1..40 letters, digits or hyphens, starting"
                        + " with a letter or digit, got '" + platformName + "'");
            }
            PropsValidation.range("extractBatchSize", extractBatchSize, 1, 10);
            PropsValidation.range("queueMaxReceiveCount", queueMaxReceiveCount, 1, 1000);
            if (throttleRetryBudget != null && (throttleRetryBudget.toSeconds().doubleValue() < 60
                    || throttleRetryBudget.toSeconds().doubleValue() > MAX_THROTTLE_RETRY_BUDGET.toSeconds().doubleValue())) {
                throw new IllegalArgumentException("throttleRetryBudget must be between 1 minute and 7 days, got "
                        + throttleRetryBudget.toHumanString());
            }
            if (metricsRollupInterval != null) {
                double seconds = metricsRollupInterval.toSeconds().doubleValue();
                if (seconds % 60 != 0 || seconds < 60 || seconds > MAX_METRICS_ROLLUP_MINUTES * 60) {
                    // EventBridge schedules have one-minute precision and rate() takes whole minutes:
                    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
                    throw new IllegalArgumentException("metricsRollupInterval must be a whole number of minutes"
                            + " between 1 and " + MAX_METRICS_ROLLUP_MINUTES + " (EventBridge schedules have"
                            + " one-minute precision; each run must come at least hourly), got "
                            + metricsRollupInterval.toHumanString());
                }
            }
            if (bedrockModelRegions != null && (bedrockModelRegions.isEmpty()
                    || bedrockModelRegions.stream().anyMatch(r -> r == null || !r.matches("[a-z]{2}(-[a-z]+)+-\\d"))) ) {
                throw new IllegalArgumentException("bedrockModelRegions must list region names like us-east-1, got "
                        + bedrockModelRegions);
            }
            if (runtime != null && (!Objects.equals(runtime.getFamily(), software.amazon.awscdk.services.lambda.RuntimeFamily.JAVA)
                    || javaVersionOf(runtime) < MIN_JAVA_RUNTIME)) {
                throw new IllegalArgumentException("runtime must be a Java " + MIN_JAVA_RUNTIME + " or newer runtime"
                        + " (the handlers are Java " + MIN_JAVA_RUNTIME + " bytecode), e.g. Runtime.JAVA_25; got "
                        + runtime.getName());
            }
            PropsValidation.modelIds("structuredOutputModels", structuredOutputModels);
            PropsValidation.modelIds("evaluationModelIds", evaluationModelIds);
            if (promotionGateEvaluationSet != null
                    && !promotionGateEvaluationSet.matches("[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}")) {
                throw new IllegalArgumentException("promotionGateEvaluationSet must pin an evaluation set version,"
                        + " name@version (e.g. discharge-summaries@3: a name of 2-63 characters of a-z, 0-9 and '-',"
                        + " starting with a letter), got '" + promotionGateEvaluationSet + "'; a name alone would gate"
                        + " on whatever version is newest, which anybody who may write can create");
            }
            PropsValidation.range("evaluationMaxConcurrency", evaluationMaxConcurrency, 2, 1000);
            if (spendAlarmUsdPerHour != null && !(spendAlarmUsdPerHour > 0 && spendAlarmUsdPerHour < 1_000_000)) {
                throw new IllegalArgumentException("spendAlarmUsdPerHour must be a positive amount below 1,000,000, got "
                        + spendAlarmUsdPerHour);
            }
            if (promotionGateMaxRegression != null && !(promotionGateMaxRegression >= 0 && promotionGateMaxRegression < 1)) {
                throw new IllegalArgumentException("promotionGateMaxRegression must be in [0, 1), got " + promotionGateMaxRegression);
            }
            PropsValidation.promptTemplates("promptTemplatesDirectory", promptTemplatesDirectory);
            PropsValidation.promptLabels(promptTemplatesDirectory, promptLabelVersions,
                    promptLabel == null ? DEFAULT_PROMPT_LABEL : promptLabel);
            if (bedrockPrices != null) {
                bedrockPrices.forEach((model, price) -> {
                    if (model == null || model.isBlank() || price == null || price.inputPerMillion() < 0
                            || price.outputPerMillion() < 0) {
                        throw new IllegalArgumentException("bedrockPrices needs a model id and non-negative prices, got "
                                + model + "=" + price);
                    }
                });
            }
            if (webAclArn != null && !webAclArn.matches("arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\\d{12}:regional/webacl/.+")) {
                throw new IllegalArgumentException("webAclArn must be a regional WAFv2 web ACL ARN"
                        + " (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>), got " + webAclArn);
            }
            if (webAclArn != null && Boolean.TRUE.equals(createWebAcl)) {
                throw new IllegalArgumentException("give either webAclArn or createWebAcl(true), not both");
            }
            if (vpc == null && (vpcSubnets != null || vpcEndpoints != null || existingVpcEndpoints != null
                    || gatewayEndpointPrefixListIds != null)) {
                throw new IllegalArgumentException("vpcSubnets, vpcEndpoints, existingVpcEndpoints and"
                        + " gatewayEndpointPrefixListIds need vpc to be set");
            }
            if (gatewayEndpointPrefixListIds != null && (gatewayEndpointPrefixListIds.isEmpty()
                    || gatewayEndpointPrefixListIds.stream().anyMatch(id -> id == null || !id.matches("pl-[0-9a-f]{8,17}")))) {
                throw new IllegalArgumentException("gatewayEndpointPrefixListIds must list prefix list ids like"
                        + " pl-63a5400a (S3 and DynamoDB in the stack's region), got " + gatewayEndpointPrefixListIds);
            }
            ApiAuthorization auth = authorization == null ? ApiAuthorization.IAM : authorization;
            if (webConsole != null && auth != ApiAuthorization.COGNITO) {
                throw new IllegalArgumentException("webConsole needs authorization(ApiAuthorization.COGNITO): the console"
                        + " signs users in with the user pool it creates and calls the API with their access tokens");
            }
            if (auth == ApiAuthorization.COGNITO && webConsole == null
                    && (cognitoUserPools == null || cognitoUserPools.isEmpty())) {
                throw new IllegalArgumentException("authorization=COGNITO needs at least one entry in cognitoUserPools"
                        + " (or webConsole, whose user pool the API then accepts)");
            }
            MedExtractPlatformProps props = new MedExtractPlatformProps(this);
            StageDefaults defaults = StageDefaults.forStage(stage);
            for (PlatformFunction function : PlatformFunction.values()) {
                props.getFunctionSettings(function).overriding(defaults.function(function)).validate(function.propName());
            }
            StageDefaults effective = defaults.overriddenBy(props);
            BedrockModelAccess.resolve(effective.bedrockModelId(), effective.bedrockModelRegions());
            FunctionSettings extract = effective.function(PlatformFunction.EXTRACT);
            // Below the queues' maximum concurrency, Lambda would throttle the event source mappings' own
            // invocations (messages bounce and burn receives): https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
            int queueConcurrency = effective.extractMaxConcurrency() + effective.evaluationMaxConcurrency()
                    + HandlerFunctions.DEAD_LETTER_MAX_CONCURRENCY;
            if (extract.hasReservedConcurrency() && extract.reservedConcurrency() < queueConcurrency) {
                throw new IllegalArgumentException("extractFunction.reservedConcurrency (" + extract.reservedConcurrency()
                        + ") must be at least extractMaxConcurrency (" + effective.extractMaxConcurrency()
                        + ") + evaluationMaxConcurrency (" + effective.evaluationMaxConcurrency() + ") + "
                        + HandlerFunctions.DEAD_LETTER_MAX_CONCURRENCY + " for the dead-letter consumer:"
                        + " the queues would drive more invocations than the function may run");
            }
            return props;
        }
    }
}
