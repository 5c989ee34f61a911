package io.medextract.cdk;

import io.medextract.contract.PlatformMetrics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * LLM-based medical document extraction on AWS in one construct: a REST API, four Java Lambda functions,
 * encrypted S3/DynamoDB/SQS storage, Bedrock access, alarms and a dashboard.
 *
 * <pre>{@code
 * MedExtractPlatform platform = new MedExtractPlatform(this, "Prod",
 *     MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).alarmEmail("oncall@example.org").build());
 * }</pre>
 */
public final class MedExtractPlatform extends Construct {

    /** The metrics the functions publish with this platform's Stage and Platform dimensions. */
    private static final java.util.Set<String> PUBLISHED_METRICS = java.util.Set.of(PlatformMetrics.EXTRACTION_SUCCEEDED,
            PlatformMetrics.EXTRACTION_FAILED, PlatformMetrics.EXTRACTION_LATENCY, PlatformMetrics.INPUT_TOKENS,
            PlatformMetrics.OUTPUT_TOKENS, PlatformMetrics.COST_USD, PlatformMetrics.FIELD_COMPLETENESS,
            PlatformMetrics.SCHEMA_VALID, PlatformMetrics.DEAD_LETTERED, PlatformMetrics.COMPENSATION_FAILED,
            PlatformMetrics.DOCUMENT_REPLACED);

    private final EffectiveSettings settings;
    private final ConsoleHosting consoleHosting;
    private final ConsoleSignIn consoleSignIn;
    private final Encryption encryption;
    private final DocumentStore store;
    private final ExtractionQueue queue;
    private final HandlerFunctions functions;
    private final PlatformApi api;
    private final PlatformMonitoring monitoring;
    private final PlatformBackup backup;
    private final SafeDeploys deploys;

    public MedExtractPlatform(Construct scope, String id, MedExtractPlatformProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("props are required: MedExtractPlatformProps.builder().stage(...).build()");
        }
        // Behaviour this construct relies on, fixed here rather than left to the user's cdk.json:
        // access-log delivery through a bucket policy (not ACLs).
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        // EventBridge's grants on the encrypted extraction queue (queue and key policy) carry aws:SourceAccount.
        getNode().setContext("@aws-cdk/aws-events:eventsTargetQueueSameAccount", true);
        EffectiveSettings base = EffectiveSettings.of(props, props.getPlatformName() != null ? props.getPlatformName()
                : software.amazon.awscdk.Names.uniqueResourceName(this,
                        software.amazon.awscdk.UniqueResourceNameOptions.builder().maxLength(40).separator("-").build()));
        this.encryption = new Encryption(this, "Encryption", base);
        // The console comes first: its origin goes into the CORS rules and its user pool into the API's authorizer.
        if (props.getWebConsole() != null) {
            this.consoleHosting = new ConsoleHosting(this, "Console", base, encryption, props.getWebConsole());
            this.consoleSignIn = new ConsoleSignIn(this, "ConsoleSignIn", base, encryption, props.getWebConsole(),
                    consoleHosting.origin());
            this.settings = base.withConsole(consoleHosting.origin(), consoleSignIn.userPool());
        } else {
            this.consoleHosting = null;
            this.consoleSignIn = null;
            this.settings = base;
        }
        this.store = new DocumentStore(this, "Store", settings, encryption);
        this.queue = new ExtractionQueue(this, "Extraction", settings, encryption, store);
        this.functions = new HandlerFunctions(this, "Handlers", settings, encryption, store, queue);
        if (props.getVpc() != null && props.isVpcEndpoints()) {
            new PrivateNetworking(this, "Network", settings, functions.securityGroup());
        }
        this.api = new PlatformApi(this, "Api", settings, encryption, functions);
        if (settings.values().webAcl() || props.getWebAclArn() != null) {
            new ApiFirewall(this, "Firewall", settings, encryption, api.api());
        }
        this.backup = settings.values().backupPlanCreated() || props.getBackupPlan() != null
                ? new PlatformBackup(this, "Backup", settings, encryption, store) : null;
        this.monitoring = new PlatformMonitoring(this, "Monitoring", settings, encryption, store, queue, functions, api);
        this.deploys = new SafeDeploys(this, "Deploys", settings, functions, monitoring);
        if (consoleHosting != null) {
            consoleHosting.connect(api.api(), consoleSignIn, settings, functions.securityGroup());
        }
        ConfusedDeputyProtection.addSourceAccount(this);
        PlatformNagSuppressions.apply(settings, store, queue, functions, api, backup, deploys);
        if (consoleHosting != null) {
            ConsoleNagSuppressions.apply(settings, consoleHosting, consoleSignIn, props.getWebConsole());
        }
    }

    /** This platform's identity in physical names and metric dimensions ({@code platformName}, or from its path). */
    public String getPlatformName() { return settings.platformName(); }
    /** The backup plan the tables and documents bucket are in, or null when backup is off. */
    public software.amazon.awscdk.services.backup.IBackupPlan getBackupPlan() { return backup == null ? null : backup.plan(); }
    /** The CodeDeploy deployment group that shifts {@code function}'s live alias. */
    public software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup getDeploymentGroup(PlatformFunction function) {
        return deploys.group(function);
    }
    /** The stage this platform was built for. */
    public DeploymentStage getStage() { return settings.stage(); }
    /** The settings in force for one function: stage default overlaid with the props. */
    public FunctionSettings getFunctionSettings(PlatformFunction function) { return settings.function(function); }
    public IKey getEncryptionKey() { return encryption.key(); }
    public IBucket getDocumentBucket() { return store.documentBucket(); }
    /** The server access log bucket, or null when an existing document bucket was given. */
    public IBucket getAccessLogBucket() { return store.accessLogBucket(); }
    public ITable getResultsTable() { return store.resultsTable(); }
    public ITable getExperimentsTable() { return store.experimentsTable(); }
    /** The append-only audit table (prompt label moves); the functions can only add records to it. */
    public ITable getAuditTable() { return store.auditTable(); }
    public IQueue getExtractionQueue() { return queue.queue(); }
    public IQueue getExtractionDeadLetterQueue() { return queue.deadLetterQueue(); }
    /** The queue evaluation runs put their extractions on (read with {@code evaluationMaxConcurrency}). */
    public IQueue getEvaluationQueue() { return queue.evaluationQueue(); }
    public IQueue getAsyncFailureQueue() { return queue.asyncFailureQueue(); }
    /** S3 upload events EventBridge could not deliver to the extraction queue (alarmed; README, Operations). */
    public IQueue getUploadEventsDeadLetterQueue() { return queue.uploadEventsDeadLetterQueue(); }
    public Function getUploadFunction() { return functions.function(PlatformFunction.UPLOAD); }
    public Function getExtractFunction() { return functions.function(PlatformFunction.EXTRACT); }
    public Function getMetricsFunction() { return functions.function(PlatformFunction.METRICS); }
    public Function getExperimentsFunction() { return functions.function(PlatformFunction.EXPERIMENTS); }
    public Function getFunction(PlatformFunction function) { return functions.function(function); }
    /** The {@code live} alias every trigger invokes. */
    public Alias getFunctionAlias(PlatformFunction function) { return functions.alias(function); }
    public RestApi getApi() { return api.api(); }
    /** Base URL of the deployed stage, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod/. */
    public String getApiUrl() { return api.api().getUrl(); }
    public ITopic getAlarmTopic() { return monitoring.topic(); }
    public List<Alarm> getAlarms() { return monitoring.alarms(); }
    public Dashboard getDashboard() { return monitoring.dashboard(); }

    /** The console's CloudFront distribution, or null when {@code webConsole} is off. */
    public software.amazon.awscdk.services.cloudfront.Distribution getConsoleDistribution() {
        return consoleHosting == null ? null : consoleHosting.distribution();
    }
    /** The console's URL ({@code https://<domain>/}), or null when {@code webConsole} is off. */
    public String getConsoleUrl() { return consoleHosting == null ? null : consoleHosting.origin() + "/"; }
    /** The private bucket holding the console's files, or null when {@code webConsole} is off. */
    public IBucket getConsoleBucket() { return consoleHosting == null ? null : consoleHosting.bucket(); }
    /** CloudFront and console-bucket access logs, or null when {@code webConsole} is off. */
    public IBucket getConsoleLogBucket() { return consoleHosting == null ? null : consoleHosting.logBucket(); }
    /** The console's user pool (the API accepts its access tokens), or null when {@code webConsole} is off. */
    public software.amazon.awscdk.services.cognito.UserPool getConsoleUserPool() {
        return consoleSignIn == null ? null : consoleSignIn.userPool();
    }
    /** The console's public app client (authorization code + PKCE), or null when {@code webConsole} is off. */
    public software.amazon.awscdk.services.cognito.UserPoolClient getConsoleUserPoolClient() {
        return consoleSignIn == null ? null : consoleSignIn.client();
    }
    /** The hosted UI domain, or null when {@code webConsole} is off. */
    public software.amazon.awscdk.services.cognito.UserPoolDomain getConsoleUserPoolDomain() {
        return consoleSignIn == null ? null : consoleSignIn.domain();
    }

    /**
     * Lets {@code grantee} call every route of this stage with SigV4, admin routes included (promote, rollback).
     *
     * @deprecated grant what a caller needs instead: {@link #grantReadApi}, {@link #grantWriteApi},
     *             {@link #grantAdminApi} (README, "Access model")
     */
    @Deprecated
    public Grant grantInvokeApi(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("execute-api:Invoke"))
                .resourceArns(List.of(api.api().arnForExecuteApi("*", "/api/*",
                        api.api().getDeploymentStage().getStageName())))
                .build());
    }

    /**
     * Lets {@code grantee} call the read routes with SigV4 (IAM authorization), the routes a Cognito access token
     * needs {@code <cognitoScopePrefix>/read} for: its own documents and extractions, metrics, experiments and
     * evaluations. {@code execute-api:Invoke} on each route's method and path of this stage, nothing else.
     *
     * @throws IllegalStateException when the API uses Cognito authorization (IAM policies do not apply there)
     */
    public Grant grantReadApi(IGrantable grantee) {
        return grantApi(grantee, RouteGroup.READ, "grantReadApi");
    }

    /**
     * Lets {@code grantee} call the write routes with SigV4 (Cognito scope {@code write}): upload, extract,
     * experiment and evaluation changes. Read routes are not included: combine with {@link #grantReadApi}.
     *
     * @throws IllegalStateException when the API uses Cognito authorization
     */
    public Grant grantWriteApi(IGrantable grantee) {
        return grantApi(grantee, RouteGroup.WRITE, "grantWriteApi");
    }

    /**
     * Lets {@code grantee} call the admin routes with SigV4 (Cognito scope {@code admin}): promote and roll back
     * experiments (which move prompt labels). Nothing else: combine with the other grants as needed.
     *
     * @throws IllegalStateException when the API uses Cognito authorization
     */
    public Grant grantAdminApi(IGrantable grantee) {
        return grantApi(grantee, RouteGroup.ADMIN, "grantAdminApi");
    }

    /**
     * Lets {@code grantee} call the any-owner read routes with SigV4 (Cognito scope {@code read-any-owner}):
     * {@code GET /api/any-owner/documents/{id}}, {@code /extract/{id}} and {@code /evaluation-sets/{id}} read every
     * owner's documents, extractions and labelled evaluation documents, whatever {@code documentAccess} says. For
     * reviewers and auditors; nothing else is included.
     *
     * @throws IllegalStateException when the API uses Cognito authorization
     */
    public Grant grantReadAnyOwnerApi(IGrantable grantee) {
        return grantApi(grantee, RouteGroup.READ_ANY_OWNER, "grantReadAnyOwnerApi");
    }

    private Grant grantApi(IGrantable grantee, RouteGroup group, String method) {
        if (settings.props().getAuthorization() != ApiAuthorization.IAM) {
            throw new IllegalStateException(method + " grants IAM (SigV4) access, but this platform's API uses "
                    + settings.props().getAuthorization() + " authorization: give users the access token scope "
                    + settings.props().getCognitoScopePrefix() + "/" + group.scope() + " instead (README, \"Access model\")");
        }
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("execute-api:Invoke"))
                .resourceArns(api.executeApiArns(group))
                .build());
    }

    /** Lets {@code grantee} read documents' and extractions' items (for reporting or export jobs). */
    public Grant grantReadResults(IGrantable grantee) {
        return store.resultsTable().grantReadData(grantee);
    }

    /**
     * One of the custom metrics the functions publish ({@code MedExtract} namespace, names in
     * {@link PlatformMetrics}), for this platform: dimensioned by its {@code Stage} and {@code Platform}, the
     * dimension set every one of them is published with. {@code options} may add dimensions (e.g.
     * {@code ErrorCategory} for {@code ExtractionFailed}, {@code Traffic=EVALUATION} for evaluation extractions) and
     * set the statistic (default Sum), period (default 5 minutes), label, colour, unit, account and region.
     *
     * @throws IllegalArgumentException for a name the functions do not publish
     */
    public Metric metric(String metricName, MetricOptions options) {
        if (!PUBLISHED_METRICS.contains(metricName)) {
            throw new IllegalArgumentException("the functions publish no metric '" + metricName + "'; they publish "
                    + String.join(", ", new java.util.TreeSet<>(PUBLISHED_METRICS)));
        }
        MetricOptions o = options == null ? MetricOptions.builder().build() : options;
        Map<String, String> dimensions = new java.util.TreeMap<>(o.getDimensionsMap() == null ? Map.of() : o.getDimensionsMap());
        dimensions.putAll(PlatformMonitoring.dimensions(settings, Map.of()));
        Metric.Builder metric = Metric.Builder.create().namespace(PlatformMetrics.NAMESPACE).metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(o.getStatistic() == null ? "Sum" : o.getStatistic())
                .period(o.getPeriod() == null ? software.amazon.awscdk.Duration.minutes(5) : o.getPeriod());
        if (o.getLabel() != null) {
            metric.label(o.getLabel());
        }
        if (o.getColor() != null) {
            metric.color(o.getColor());
        }
        if (o.getUnit() != null) {
            metric.unit(o.getUnit());
        }
        if (o.getAccount() != null) {
            metric.account(o.getAccount());
        }
        if (o.getRegion() != null) {
            metric.region(o.getRegion());
        }
        return metric.build();
    }

    /** Finished extractions that failed (Sum); add an {@code ErrorCategory} dimension to watch one category. */
    public Metric metricExtractionFailed(MetricOptions options) {
        return metric(PlatformMetrics.EXTRACTION_FAILED, options);
    }

    /** Finished extractions that succeeded (Sum). */
    public Metric metricExtractionSucceeded(MetricOptions options) {
        return metric(PlatformMetrics.EXTRACTION_SUCCEEDED, options);
    }

    /** Bedrock latency of an extraction in milliseconds (Sum by default: pass a statistic such as {@code p99}). */
    public Metric metricExtractionLatency(MetricOptions options) {
        return metric(PlatformMetrics.EXTRACTION_LATENCY, options);
    }

    /** Bedrock cost of production extractions in USD (Sum); {@code Traffic=EVALUATION} for evaluation runs'. */
    public Metric metricCostUsd(MetricOptions options) {
        return metric(PlatformMetrics.COST_USD, options);
    }

    /** Share of the schema's fields an extraction filled, 0..1 (Sum by default: pass {@code Average}). */
    public Metric metricFieldCompleteness(MetricOptions options) {
        return metric(PlatformMetrics.FIELD_COMPLETENESS, options);
    }

    /** Extraction messages that reached the dead-letter queue and were settled there (Sum). */
    public Metric metricDeadLettered(MetricOptions options) {
        return metric(PlatformMetrics.DEAD_LETTERED, options);
    }

    /** Uploaded documents whose object was replaced after they were checked (Sum). */
    public Metric metricDocumentReplaced(MetricOptions options) {
        return metric(PlatformMetrics.DOCUMENT_REPLACED, options);
    }

    /** Compensating writes (the undo of a half-done change) that failed (Sum). */
    public Metric metricCompensationFailed(MetricOptions options) {
        return metric(PlatformMetrics.COMPENSATION_FAILED, options);
    }
}
