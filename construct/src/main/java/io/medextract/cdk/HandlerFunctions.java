package io.medextract.cdk;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LambdaInsightsVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import io.medextract.contract.EnvironmentVariables;

/**
 * The four Java functions, each with its own role (inline, scoped statements only), log group, and a
 * {@code live} alias that the API, the queue and the schedule invoke (SnapStart and provisioned
 * concurrency apply to published versions, never to $LATEST).
 */
final class HandlerFunctions extends Construct {

    static final String ALIAS = "live";
    static final int DEAD_LETTER_BATCH_SIZE = 10;
    /** Lowest value ScalingConfig.MaximumConcurrency accepts (2..1000). https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html */
    static final int DEAD_LETTER_MAX_CONCURRENCY = 2;
    /** What the SQS event sources need on both queues. */
    private static final List<String> CONSUME = List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    private static final List<String> KEY_USE = List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
            "kms:GenerateDataKey");

    private final Map<PlatformFunction, Function> functions = new EnumMap<>(PlatformFunction.class);
    private final Map<PlatformFunction, Alias> aliases = new EnumMap<>(PlatformFunction.class);
    private final Map<PlatformFunction, Role> roles = new EnumMap<>(PlatformFunction.class);
    private final Map<PlatformFunction, ManagedPolicy> policies = new EnumMap<>(PlatformFunction.class);
    private final SecurityGroup securityGroup;
    private final Map<PlatformFunction, LogGroup> logGroups = new EnumMap<>(PlatformFunction.class);
    private final Rule rollupSchedule;
    private final Rule evaluationSchedule;
    /** How often finished evaluation runs are looked for (a GET scores a finished run at once anyway). */
    static final int EVALUATION_SCORING_MINUTES = 5;
    private final software.amazon.awscdk.services.lambda.LayerVersion promptLayer;

    HandlerFunctions(Construct scope, String id, EffectiveSettings settings, Encryption encryption,
                     DocumentStore store, ExtractionQueue queue) {
        super(scope, id);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(EnvironmentVariables.RESULTS_TABLE, store.resultsTable().getTableName());
        environment.put(EnvironmentVariables.EXPERIMENTS_TABLE, store.experimentsTable().getTableName());
        environment.put(EnvironmentVariables.DOCUMENT_BUCKET, store.documentBucket().getBucketName());
        environment.put(EnvironmentVariables.STAGE, settings.stage().id());
        environment.put(EnvironmentVariables.PLATFORM_NAME, settings.platformName());
        environment.put(EnvironmentVariables.PROMPT_LABEL, settings.props().getPromptLabel());
        if (!settings.props().getPromptLabelVersions().isEmpty()) {
            environment.put(EnvironmentVariables.PROMPT_LABEL_VERSIONS, software.amazon.awscdk.Stack.of(this)
                    .toJsonString(new java.util.TreeMap<>(settings.props().getPromptLabelVersions())));
        }
        environment.put(EnvironmentVariables.CORS_ALLOWED_ORIGINS, String.join(",", settings.corsAllowedOrigins()));
        environment.put(EnvironmentVariables.DOCUMENT_ACCESS, settings.props().getDocumentAccess().name());
        if (settings.props().getRetention() != null) {
            environment.put(EnvironmentVariables.DOCUMENT_RETENTION_DAYS,
                    String.valueOf(settings.props().getRetention().toDays().longValue()));
        }
        // No JAVA_TOOL_OPTIONS: Lambda's own JIT defaults are the right ones. They stop at C1 for on-demand starts,
        // and on java25 keep full tiered compilation with SnapStart or provisioned concurrency, where the JIT runs
        // before the snapshot (our priming) or while environments are provisioned, not in a request. Forcing C1
        // would throw that away. https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html
        if (!settings.props().getBedrockPrices().isEmpty()) {
            environment.put(EnvironmentVariables.BEDROCK_PRICES, pricesJson(settings.props().getBedrockPrices()));
        }
        this.promptLayer = settings.props().getPromptTemplatesDirectory() == null ? null
                : PromptTemplateLayer.create(this, "PromptTemplates", settings.props().getPromptTemplatesDirectory(),
                        settings.props().getRuntime(), settings.props().getArchitecture());
        if (promptLayer != null) {
            environment.put(EnvironmentVariables.PROMPT_TEMPLATES_DIR, PromptTemplateLayer.MOUNT_PATH);
        }

        this.securityGroup = settings.props().getVpc() == null ? null
                : SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(settings.props().getVpc())
                        .description("MedExtract functions: HTTPS out to AWS service endpoints only")
                        .allowAllOutbound(false)
                        .build();
        if (securityGroup != null) {
            List<String> prefixLists = settings.props().getGatewayEndpointPrefixListIds();
            if (prefixLists.isEmpty()) {
                // The S3/DynamoDB gateway endpoints are reached through prefix lists whose ids CloudFormation
                // cannot look up; isolated subnets route only to the VPC's endpoints anyway.
                securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS service endpoints");
            } else {
                securityGroup.addEgressRule(Peer.ipv4(settings.props().getVpc().getVpcCidrBlock()), Port.tcp(443),
                        "HTTPS to the VPC's interface endpoints");
                for (String prefixList : prefixLists) {
                    securityGroup.addEgressRule(Peer.prefixList(prefixList), Port.tcp(443), "HTTPS to a gateway endpoint");
                }
            }
        }
        for (PlatformFunction kind : PlatformFunction.values()) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            if (kind == PlatformFunction.EXTRACT) {
                env.put(EnvironmentVariables.EXTRACTION_QUEUE_URL, queue.queue().getQueueUrl());
                env.put(EnvironmentVariables.EXTRACTION_DLQ_URL, queue.deadLetterQueue().getQueueUrl());
                env.put(EnvironmentVariables.EXTRACTION_DLQ_ARN, queue.deadLetterQueue().getQueueArn());
                // Retries of an evaluation run's extraction go back to the evaluation queue.
                env.put(EnvironmentVariables.EVALUATION_QUEUE_URL, queue.evaluationQueue().getQueueUrl());
                env.put(EnvironmentVariables.EVALUATION_QUEUE_ARN, queue.evaluationQueue().getQueueArn());
                env.put(EnvironmentVariables.CALLER_EXTRACTION_LIMIT, settings.values().callerExtractionLimit().environmentValue());
                env.put(EnvironmentVariables.THROTTLE_RETRY_BUDGET_MINUTES,
                        String.valueOf(settings.props().getThrottleRetryBudget().toMinutes().longValue()));
                env.put(EnvironmentVariables.BEDROCK_MODEL_ID, settings.values().bedrockModelId());
                structuredOutputModels(settings).ifPresent(m -> env.put(EnvironmentVariables.STRUCTURED_OUTPUT_MODELS, m));
            }
            if (kind == PlatformFunction.EXPERIMENTS) {
                // Label moves are audited in the same transaction that makes them.
                env.put(EnvironmentVariables.AUDIT_TABLE, store.auditTable().getTableName());
                // Evaluation runs queue extractions on their own queue and name the model they measure.
                env.put(EnvironmentVariables.EVALUATION_QUEUE_URL, queue.evaluationQueue().getQueueUrl());
                env.put(EnvironmentVariables.CALLER_EVALUATION_LIMIT, settings.values().callerEvaluationLimit().environmentValue());
                env.put(EnvironmentVariables.BEDROCK_MODEL_ID, settings.values().bedrockModelId());
                // The same structured-output table as the extract function: evaluation runs check templates with it.
                structuredOutputModels(settings).ifPresent(m -> env.put(EnvironmentVariables.STRUCTURED_OUTPUT_MODELS, m));
                if (settings.props().getPromotionGateEvaluationSet() != null) {
                    env.put(EnvironmentVariables.PROMOTION_GATE_SET, settings.props().getPromotionGateEvaluationSet());
                }
                env.put(EnvironmentVariables.PROMOTION_GATE_MAX_REGRESSION, String.valueOf(settings.props().getPromotionGateMaxRegression()));
                if (!settings.props().getEvaluationModelIds().isEmpty()) {
                    env.put(EnvironmentVariables.EVALUATION_MODEL_IDS, String.join(",", settings.props().getEvaluationModelIds()));
                }
            }
            create(kind, settings, env, queue, encryption.key());
        }
        grantAccess(settings, encryption.key(), store, queue);

        policies.get(PlatformFunction.EXTRACT).addStatements(AccessPolicies.statement(CONSUME,
                List.of(queue.queue().getQueueArn(), queue.deadLetterQueue().getQueueArn(),
                        queue.evaluationQueue().getQueueArn())));
        aliases.get(PlatformFunction.EXTRACT).addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(settings.values().extractBatchSize())
                .maxConcurrency(settings.values().extractMaxConcurrency())
                .reportBatchItemFailures(true)
                .build());
        // Evaluation runs: their own queue and mapping, with its own low maximum concurrency beside the production
        // one's, so a run of hundreds of documents neither delays uploads nor takes Bedrock's quota from them.
        aliases.get(PlatformFunction.EXTRACT).addEventSource(SqsEventSource.Builder.create(queue.evaluationQueue())
                .batchSize(settings.values().extractBatchSize())
                .maxConcurrency(settings.values().evaluationMaxConcurrency())
                .reportBatchItemFailures(true)
                .build());
        // The dead-letter consumer: marks what the queue gave up on FAILED. Two at a time is plenty, and keeps a
        // burst of dead letters from taking the concurrency extractions need.
        aliases.get(PlatformFunction.EXTRACT).addEventSource(SqsEventSource.Builder.create(queue.deadLetterQueue())
                .batchSize(DEAD_LETTER_BATCH_SIZE)
                .maxConcurrency(DEAD_LETTER_MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());

        // Every metricsRollupInterval (stage default 1 minute): each run rolls the current hour up to a watermark a
        // minute behind it and finalises the previous hour once its late writes have landed, so metrics reads add
        // at most interval + 1 minute of raw results. Runs that overlap or arrive late (async retries) are safe:
        // marks only move forward and every rollup item carries the watermark it covers.
        this.rollupSchedule = Rule.Builder.create(this, "HourlyRollup")
                .description("Rolls finished extractions into hourly metrics aggregates")
                .schedule(Schedule.rate(software.amazon.awscdk.Duration.minutes(settings.values().metricsRollupMinutes())))
                .targets(List.of(LambdaFunction.Builder.create(aliases.get(PlatformFunction.METRICS))
                        .retryAttempts(2)
                        .build()))
                .build();
        // Scores evaluation runs whose extractions have all finished, even when nobody reads them.
        this.evaluationSchedule = Rule.Builder.create(this, "EvaluationScoring")
                .description("Scores finished evaluation runs and emits their accuracy metric")
                .schedule(Schedule.rate(software.amazon.awscdk.Duration.minutes(EVALUATION_SCORING_MINUTES)))
                .targets(List.of(LambdaFunction.Builder.create(aliases.get(PlatformFunction.EXPERIMENTS))
                        .retryAttempts(2)
                        .build()))
                .build();
    }

    private void create(PlatformFunction kind, EffectiveSettings settings, Map<String, String> env,
                        ExtractionQueue queue, IKey key) {
        FunctionSettings fs = settings.function(kind);
        String id = kind.constructId();
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .retention(settings.values().logRetention())
                .encryptionKey(key)
                .removalPolicy(settings.values().removalPolicy())
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("MedExtract " + id.toLowerCase(java.util.Locale.ROOT) + " function")
                .build();
        // Every permission sits in one customer managed policy per function (HIPAA/NIST IAMNoInlinePolicy):
        // the function gets the role without policy updates, so CDK's grants cannot add an inline policy.
        ManagedPolicy policy = ManagedPolicy.Builder.create(this, id + "Policy")
                .description("MedExtract " + id.toLowerCase(java.util.Locale.ROOT) + " function permissions")
                .roles(List.of(role))
                .build();
        policy.addStatements(AccessPolicies.statement(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroup.getLogGroupArn())));
        // Active tracing: these two X-Ray actions support no resource-level permissions.
        policy.addStatements(AccessPolicies.statement(
                List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), List.of("*")));
        if (settings.props().getVpc() != null) {
            role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
        }
        if (settings.props().isLambdaInsights()) {
            role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("CloudWatchLambdaInsightsExecutionRolePolicy"));
        }

        Function.Builder builder = Function.Builder.create(this, id)
                .description("MedExtract " + id.toLowerCase(java.util.Locale.ROOT) + " handler ("
                        + settings.stage().id() + ")")
                .runtime(settings.props().getRuntime())
                .architecture(settings.props().getArchitecture())
                .handler(kind.handler())
                .code(HandlerCode.asset(kind))
                .memorySize(fs.memorySizeMb())
                .timeout(fs.timeout())
                .environment(env)
                .role(role.withoutPolicyUpdates())
                // Async invocations that fail after their retries (the schedule; anything a user wires later).
                .deadLetterQueue(queue.asyncFailureQueue())
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .tracing(Tracing.ACTIVE);
        if (settings.props().getVpc() != null) {
            builder.vpc(settings.props().getVpc()).securityGroups(List.of(securityGroup));
            if (settings.props().getVpcSubnets() != null) {
                builder.vpcSubnets(settings.props().getVpcSubnets());
            }
        }
        if (settings.props().isLambdaInsights()) {
            builder.insightsVersion(LambdaInsightsVersion.VERSION_1_0_498_0);
        }
        if (fs.hasReservedConcurrency()) {
            builder.reservedConcurrentExecutions(fs.reservedConcurrency());
        }
        if (Boolean.TRUE.equals(fs.snapStart())) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (promptLayer != null && (kind == PlatformFunction.EXTRACT || kind == PlatformFunction.EXPERIMENTS)) {
            builder.layers(List.of(promptLayer));
        }
        Function function = builder.build();
        function.getNode().addDependency(policy);
        if (Boolean.TRUE.equals(fs.snapStart())) {
            software.amazon.awscdk.Annotations.of(function).acknowledgeWarning(
                    "@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "the live alias always points at a published version (currentVersion)");
        }

        Alias.Builder alias = Alias.Builder.create(this, id + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion());
        if (fs.hasProvisionedConcurrency()) {
            alias.provisionedConcurrentExecutions(fs.provisionedConcurrency());
        }
        Alias live = alias.build();

        // Async invocations (the schedule; anything a user wires later): two retries, then the event goes to
        // the function's dead-letter queue, an encrypted queue (HIPAA/NIST LambdaDLQ).
        CfnEventInvokeConfig invokeConfig = CfnEventInvokeConfig.Builder.create(this, id + "AsyncConfig")
                .functionName(function.getFunctionName())
                .qualifier(ALIAS)
                .maximumRetryAttempts(2)
                .build();
        invokeConfig.getNode().addDependency(live);
        policy.addStatements(AccessPolicies.sendTo(queue.asyncFailureQueue()));

        functions.put(kind, function);
        aliases.put(kind, live);
        roles.put(kind, role);
        policies.put(kind, policy);
        logGroups.put(kind, logGroup);
    }

    /** Partition keys of the results-table items the metrics function owns: rollups and experiment sums. */
    static final List<String> METRICS_ITEMS = List.of("ROLLUP#*", "EXPSUMS#*");

    private void grantAccess(EffectiveSettings settings, IKey key, DocumentStore store, ExtractionQueue queue) {
        List<String> readWrite = AccessPolicies.concat(AccessPolicies.TABLE_READ, AccessPolicies.TABLE_WRITE);
        String uploads = DocumentStore.UPLOAD_PREFIX;
        for (ManagedPolicy policy : policies.values()) {
            policy.addStatements(AccessPolicies.key(key, KEY_USE));
        }

        ManagedPolicy upload = policies.get(PlatformFunction.UPLOAD);
        upload.addStatements(AccessPolicies.objects(store.documentBucket(), uploads,
                List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")));
        upload.addStatements(AccessPolicies.table(store.resultsTable(), readWrite, List.of()));
        // DELETE /api/documents/{id}: every version and delete marker of an upload's or an evaluation document's
        // objects, and an evaluation document's labelled item (only the evaluation-set partitions).
        for (String prefix : List.of(uploads, DocumentStore.EVALUATION_PREFIX)) {
            upload.addStatements(AccessPolicies.objects(store.documentBucket(), prefix, List.of("s3:DeleteObjectVersion")));
            upload.addStatements(AccessPolicies.listVersions(store.documentBucket(), prefix));
        }
        upload.addStatements(AccessPolicies.ownItems(store.experimentsTable(),
                List.of("dynamodb:Query", "dynamodb:DeleteItem"), List.of("EVALSETS", "EVALSET#*")));

        ManagedPolicy extract = policies.get(PlatformFunction.EXTRACT);
        extract.addStatements(AccessPolicies.objects(store.documentBucket(), uploads,
                List.of("s3:GetObject", "s3:GetObjectVersion")));
        extract.addStatements(AccessPolicies.listPrefix(store.documentBucket(), uploads));
        extract.addStatements(AccessPolicies.table(store.resultsTable(), readWrite, List.of("byExtractionId")));
        extract.addStatements(AccessPolicies.table(store.experimentsTable(), AccessPolicies.TABLE_READ,
                List.of("byStatus")));
        extract.addStatements(AccessPolicies.sendTo(queue.queue()));
        extract.addStatements(AccessPolicies.sendTo(queue.evaluationQueue()));
        extract.addStatements(AccessPolicies.bedrock(
                BedrockModelAccess.resolve(settings.values().bedrockModelId(), settings.values().bedrockModelRegions())));

        // Evaluation set documents are extracted like uploads, from their own prefix.
        extract.addStatements(AccessPolicies.objects(store.documentBucket(), DocumentStore.EVALUATION_PREFIX,
                List.of("s3:GetObject", "s3:GetObjectVersion")));
        extract.addStatements(AccessPolicies.listPrefix(store.documentBucket(), DocumentStore.EVALUATION_PREFIX));
        for (String model : settings.props().getEvaluationModelIds()) {
            extract.addStatements(AccessPolicies.bedrock(BedrockModelAccess.resolve(model,
                    settings.values().bedrockModelRegions())));
        }

        // The metrics function reads raw results only through the measurement indexes (no extracted values), and
        // reads and writes only its own items of the results table: hourly rollups and experiment sums.
        ManagedPolicy metrics = policies.get(PlatformFunction.METRICS);
        metrics.addStatements(AccessPolicies.ownItems(store.resultsTable(),
                List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"),
                METRICS_ITEMS));
        metrics.addStatements(AccessPolicies.indexes(store.resultsTable(), List.of("dynamodb:Query"),
                List.of("byCompletedHour", "byExperiment")));
        // Evaluation accuracy over time: the history items in the experiments table, read only.
        metrics.addStatements(AccessPolicies.ownItems(store.experimentsTable(), List.of("dynamodb:Query"),
                List.of("EVALHISTORY")));

        ManagedPolicy experiments = policies.get(PlatformFunction.EXPERIMENTS);
        experiments.addStatements(AccessPolicies.table(store.experimentsTable(), readWrite,
                DocumentStore.EXPERIMENTS_INDEXES));
        // Audit records: append only. PutItem is the one action (the code conditions it on the key being new); no
        // function may read, change or delete a record, whatever else is granted to its role later.
        experiments.addStatements(AccessPolicies.table(store.auditTable(), List.of("dynamodb:PutItem"), List.of()));
        for (ManagedPolicy policy : policies.values()) {
            policy.addStatements(AccessPolicies.deny(AccessPolicies.AUDIT_CHANGES, List.of(store.auditTable().getTableArn())));
        }
        // Evaluations: set documents and their document items, the runs' QUEUED extraction items and messages.
        experiments.addStatements(AccessPolicies.table(store.resultsTable(),
                AccessPolicies.concat(AccessPolicies.TABLE_READ, List.of("dynamodb:PutItem")), List.of("byExperiment")));
        // Caller limits: the callers' evaluation-document buckets (LIMIT#<caller>) are the only results items it updates.
        experiments.addStatements(AccessPolicies.ownItems(store.resultsTable(), List.of("dynamodb:UpdateItem"),
                List.of("LIMIT#*")));
        experiments.addStatements(AccessPolicies.objects(store.documentBucket(), DocumentStore.EVALUATION_PREFIX,
                List.of("s3:PutObject", "s3:DeleteObject")));
        experiments.addStatements(AccessPolicies.objects(store.documentBucket(), DocumentStore.EVALUATION_IMPORT_PREFIX,
                List.of("s3:GetObject")));
        experiments.addStatements(AccessPolicies.listPrefix(store.documentBucket(), DocumentStore.EVALUATION_IMPORT_PREFIX));
        experiments.addStatements(AccessPolicies.sendTo(queue.evaluationQueue()));
    }

    /** {"model": {"input": 3.0, "output": 15.0}}: the format the handlers' price table reads. */
    private static java.util.Optional<String> structuredOutputModels(EffectiveSettings settings) {
        return java.util.Optional.ofNullable(settings.props().getStructuredOutputModels())
                .map(models -> String.join(",", models.stream().map(String::strip).toList()));
    }

    private String pricesJson(Map<String, BedrockPrice> prices) {
        Map<String, Object> table = new java.util.TreeMap<>();
        prices.forEach((model, price) -> table.put(model,
                new java.util.TreeMap<>(Map.of("input", price.inputPerMillion(), "output", price.outputPerMillion()))));
        return software.amazon.awscdk.Stack.of(this).toJsonString(table);
    }

    Function function(PlatformFunction kind) {
        return functions.get(kind);
    }

    Alias alias(PlatformFunction kind) {
        return aliases.get(kind);
    }

    Role role(PlatformFunction kind) {
        return roles.get(kind);
    }

    /** The customer managed policy that holds every permission of one function's role. */
    ManagedPolicy policy(PlatformFunction kind) {
        return policies.get(kind);
    }

    /** The functions' security group, or null outside a VPC. */
    SecurityGroup securityGroup() {
        return securityGroup;
    }

    LogGroup logGroup(PlatformFunction kind) {
        return logGroups.get(kind);
    }

    Rule rollupSchedule() {
        return rollupSchedule;
    }

    Rule evaluationSchedule() {
        return evaluationSchedule;
    }
}
