package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import io.medextract.contract.PlatformMetrics;

/** Alarms (to an SNS topic) and a CloudWatch dashboard for the functions, API, queues and tables. */
final class PlatformMonitoring extends Construct {

    static final double ERROR_RATE_PERCENT = 1;
    static final double API_5XX_RATE = 0.01;
    private static final Duration PERIOD = Duration.minutes(5);
    /**
     * The longest delay a message re-sent to the extraction queue waits before it is visible (the worker re-queues
     * with a delay while Bedrock is busy or another worker holds the extraction): SQS's maximum DelaySeconds, 900 s
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
     */
    static final int LONGEST_REQUEUE_DELAY_SECONDS = 900;

    private final ITopic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Map<PlatformFunction, List<Alarm>> deploymentAlarms = new java.util.EnumMap<>(PlatformFunction.class);
    private final Dashboard dashboard;

    PlatformMonitoring(Construct scope, String id, EffectiveSettings settings, Encryption encryption,
                       DocumentStore store, ExtractionQueue queue, HandlerFunctions functions, PlatformApi api) {
        super(scope, id);
        this.topic = settings.props().getExistingAlarmTopic() != null
                ? settings.props().getExistingAlarmTopic()
                : Topic.Builder.create(this, "AlarmTopic")
                        .displayName("MedExtract " + settings.platformName() + " (" + settings.stage().id() + ") alarms")
                        .masterKey(encryption.key())
                        .enforceSsl(true)
                        .build();
        if (settings.props().getAlarmEmail() != null) {
            topic.addSubscription(new EmailSubscription(settings.props().getAlarmEmail()));
        }

        for (PlatformFunction kind : PlatformFunction.values()) {
            functionAlarms(kind, functions.function(kind), settings.function(kind));
        }
        queueAlarm("ExtractionDlqNotEmpty", queue.deadLetterQueue(),
                "Extraction messages reached the dead-letter queue: inspect and redrive them");
        queueAlarm("AsyncFailuresNotEmpty", queue.asyncFailureQueue(),
                "An asynchronous invocation failed after its retries");
        queueAlarm("UploadEventsDeadLettered", queue.uploadEventsDeadLetterQueue(),
                "EventBridge could not deliver S3 upload events to the extraction queue for 24 h: those documents are"
                        + " not extracted; fix the cause, then move the events to the extraction queue (README, Operations)");
        alarms.add(alarm("UploadEventsLost", uploadEvents(queue, "InvocationsFailedToBeSentToDlq"), 0,
                "EventBridge could neither deliver S3 upload events nor keep them in their dead-letter queue: find the"
                        + " documents still PENDING_UPLOAD or without an extraction and request them again (README, Operations)"));
        int backlogSeconds = oldestMessageAlarmSeconds(settings);
        alarms.add(alarm("ExtractionQueueBacklog", queue.queue().metricApproximateAgeOfOldestMessage(
                        MetricOptions.builder().statistic("Maximum").period(PERIOD).build()), backlogSeconds,
                "A message has waited in the extraction queue over " + backlogSeconds + " s (the longest re-queue delay"
                        + " plus the extract timeout): the queue is not being worked off (event source disabled,"
                        + " throttled or failing invocations, or a backlog beyond extractMaxConcurrency)"));
        // Published by the extract function (EMF) when an uploaded document's object is replaced after it was checked.
        alarms.add(alarm(PlatformMetrics.DOCUMENT_REPLACED, custom(PlatformMetrics.DOCUMENT_REPLACED, "Sum", dimensions(settings, Map.of())), 0,
                "The object of an uploaded document was replaced after it was checked: the document is quarantined"
                        + " (REJECTED) and never extracted again; find the writer in CloudTrail or the S3 access logs"
                        + " (README, Operations)"));
        // Published by the extract function as Embedded Metric Format; model access is an account setting
        // that no retry can fix, so the first denied call pages someone.
        alarms.add(alarm("ModelAccessDenied", Metric.Builder.create()
                        .namespace(PlatformMetrics.NAMESPACE)
                        .metricName(PlatformMetrics.EXTRACTION_FAILED)
                        .dimensionsMap(dimensions(settings, Map.of(PlatformMetrics.ERROR_CATEGORY, "MODEL_ACCESS_DENIED")))
                        .statistic("Sum")
                        .period(PERIOD)
                        .build(),
                0, "Bedrock denied access to the model: enable model access or fix the extract role"));
        // A consumed DLQ never shows a depth: the dead-letter consumer counts what it settles or keeps instead.
        alarms.add(alarm("ExtractionDeadLettered", Metric.Builder.create()
                        .namespace(PlatformMetrics.NAMESPACE)
                        .metricName(PlatformMetrics.DEAD_LETTERED)
                        .dimensionsMap(dimensions(settings, Map.of()))
                        .statistic("Sum")
                        .period(PERIOD)
                        .build(),
                0, "Extraction messages were dead-lettered: their extractions are FAILED as DEAD_LETTERED;"
                        + " find the cause in the extract logs, then request them again (README, Operations)"));
        alarms.add(alarm("BedrockThrottleBudgetSpent", failures(settings, "BEDROCK_THROTTLED"), 0,
                "Extractions failed after Bedrock throttled them for the whole retry budget: raise the model quota"));
        alarms.add(alarm("DocumentAccessDenied", failures(settings, "DOCUMENT_ACCESS_DENIED"), 0,
                "The extract role could not read document objects that exist: check the KMS key and bucket policies"));
        alarms.add(alarm("EvaluationExtractionsFailing", evaluationInfrastructureFailures(settings), 0,
                "Evaluation-run extractions failed before the model could answer (model access, model id, Bedrock"
                        + " validation or throttling, document access): the run's scores are not trustworthy;"
                        + " fix the cause and start the run again (README, Operations)"));
        // A compensating write (undoing the first half of a change whose second half failed) failed itself: data
        // may be left half-changed, e.g. an extraction item without its queue message (README, Operations).
        alarms.add(alarm("CompensatingWriteFailed", Metric.Builder.create()
                        .namespace(PlatformMetrics.NAMESPACE)
                        .metricName(PlatformMetrics.COMPENSATION_FAILED)
                        .dimensionsMap(dimensions(settings, Map.of()))
                        .statistic("Sum")
                        .period(PERIOD)
                        .build(),
                0, "A write that undoes half of a failed change failed itself: find the operation and ids in the"
                        + " function's log (\"compensating write failed\") and repair them (README, Operations)"));
        alarms.add(alarm("HourlySpend", hourlySpend(settings), settings.values().spendAlarmUsdPerHour(),
                "Bedrock spend (production and evaluation extractions) above "
                        + settings.values().spendAlarmUsdPerHour() + " USD in an hour (spendAlarmUsdPerHour): check"
                        + " who is extracting (API access logs by caller, evaluation runs) and the caller limits"));
        alarms.add(alarm("Api5xxRate", api.api().metricServerError(MetricOptions.builder()
                        .statistic("Average").period(PERIOD).build()),
                API_5XX_RATE, "API 5xx responses above 1 % of requests"));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .widgets(dashboardRows(functions, api, queue, store, dimensions(settings, Map.of()), backlogSeconds))
                .build();
    }

    /**
     * The age past which the oldest extraction message alarms: the longest a healthy message lives in the queue. A
     * message is taken at once while the extract function has capacity; one re-queued waits at most
     * {@link #LONGEST_REQUEUE_DELAY_SECONDS}, then one invocation holds it at most the extract function's timeout.
     * Older means no invocation finished it (the event source is disabled, invocations are throttled or die and the
     * message comes back only after the visibility timeout), or the backlog outgrew {@code extractMaxConcurrency}.
     * SQS leaves a message received three times out of this metric
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html);
     * those reach the dead-letter queue and its alarms.
     */
    static int oldestMessageAlarmSeconds(EffectiveSettings settings) {
        return LONGEST_REQUEUE_DELAY_SECONDS + settings.function(PlatformFunction.EXTRACT).timeoutSeconds();
    }

    /** One EventBridge metric of the upload-event rule (default bus: dimension RuleName only). */
    private static IMetric uploadEvents(ExtractionQueue queue, String metricName) {
        return Metric.Builder.create()
                .namespace("AWS/Events")
                .metricName(metricName)
                .dimensionsMap(Map.of("RuleName", queue.objectCreatedRule().getRuleName()))
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    private void functionAlarms(PlatformFunction kind, Function function, FunctionSettings settings) {
        String name = kind.constructId();
        IMetric errorRate = MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                .usingMetrics(Map.of(
                        "errors", function.metricErrors(sum()),
                        "invocations", function.metricInvocations(sum())))
                .label(name + " error rate (%)")
                .period(PERIOD)
                .build();
        Alarm errors = alarm(name + "ErrorRate", errorRate, ERROR_RATE_PERCENT,
                name + " function errors above 1 % of invocations");
        Alarm duration = alarm(name + "DurationP99", function.metricDuration(MetricOptions.builder()
                        .statistic("p99").period(PERIOD).build()),
                settings.p99DurationAlarmSeconds() * 1000.0,
                name + " function p99 duration above " + settings.p99DurationAlarmSeconds() + " s");
        alarms.add(errors);
        alarms.add(duration);
        deploymentAlarms.put(kind, List.of(errors, duration));
        alarms.add(alarm(name + "Throttles", function.metricThrottles(sum()), 0,
                name + " function invocations were throttled"));
    }

    private void queueAlarm(String id, Queue queue, String description) {
        alarms.add(alarm(id, queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                .statistic("Maximum").period(Duration.minutes(1)).build()), 0, description));
    }

    private Alarm alarm(String id, IMetric metric, double threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        return alarm;
    }

    /** Failed extractions of one error category (Embedded Metric Format from the extract function). */
    private static IMetric failures(EffectiveSettings settings, String category) {
        return Metric.Builder.create()
                .namespace(PlatformMetrics.NAMESPACE)
                .metricName(PlatformMetrics.EXTRACTION_FAILED)
                .dimensionsMap(dimensions(settings, Map.of(PlatformMetrics.ERROR_CATEGORY, category)))
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    /**
     * Failure categories of evaluation extractions that page: the platform, not the prompt, failed. Model-quality
     * categories (schema violations, malformed or truncated output, filters) are what an evaluation measures and
     * show in its scores instead. A metric math alarm may reference at most 10 metrics
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html).
     */
    static final List<String> EVALUATION_ALARM_CATEGORIES = List.of("MODEL_ACCESS_DENIED", "MODEL_NOT_FOUND",
            "BEDROCK_VALIDATION", "BEDROCK_THROTTLED", "DOCUMENT_ACCESS_DENIED");

    /**
     * Evaluation extractions failed in {@link #EVALUATION_ALARM_CATEGORIES}: the extract function counts evaluation
     * outcomes under {@code Traffic=EVALUATION} only, so production alarms and sums never include them.
     */
    private static IMetric evaluationInfrastructureFailures(EffectiveSettings settings) {
        Map<String, IMetric> byCategory = new java.util.TreeMap<>();
        for (String category : EVALUATION_ALARM_CATEGORIES) {
            byCategory.put(category.toLowerCase(java.util.Locale.ROOT), Metric.Builder.create()
                    .namespace(PlatformMetrics.NAMESPACE)
                    .metricName(PlatformMetrics.EXTRACTION_FAILED)
                    .dimensionsMap(dimensions(settings, Map.of(PlatformMetrics.TRAFFIC, PlatformMetrics.EVALUATION_TRAFFIC, PlatformMetrics.ERROR_CATEGORY, category)))
                    .statistic("Sum")
                    .period(PERIOD)
                    .build());
        }
        return MathExpression.Builder.create()
                .expression("SUM([" + String.join(",", byCategory.keySet()) + "])")
                .usingMetrics(byCategory)
                .label("Evaluation extractions failed by the platform")
                .period(PERIOD)
                .build();
    }

    /**
     * Bedrock cost per hour: the extract function's CostUsd (EMF) of production extractions plus that of evaluation
     * runs' extractions (counted apart under Traffic=EVALUATION), each filled with 0 for an hour without any.
     */
    private static IMetric hourlySpend(EffectiveSettings settings) {
        Duration hour = Duration.hours(1);
        return MathExpression.Builder.create()
                .expression("FILL(production, 0) + FILL(evaluation, 0)")
                .usingMetrics(Map.of(
                        "production", Metric.Builder.create().namespace(PlatformMetrics.NAMESPACE).metricName(PlatformMetrics.COST_USD)
                                .dimensionsMap(dimensions(settings, Map.of())).statistic("Sum").period(hour).build(),
                        "evaluation", Metric.Builder.create().namespace(PlatformMetrics.NAMESPACE).metricName(PlatformMetrics.COST_USD)
                                .dimensionsMap(dimensions(settings, Map.of(PlatformMetrics.TRAFFIC, PlatformMetrics.EVALUATION_TRAFFIC)))
                                .statistic("Sum").period(hour).build()))
                .label("Bedrock spend per hour (USD)")
                .period(hour)
                .build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    private static List<List<IWidget>> dashboardRows(HandlerFunctions functions, PlatformApi api,
                                                     ExtractionQueue queue, DocumentStore store,
                                                     Map<String, String> stage, int backlogSeconds) {
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> p99 = new ArrayList<>();
        for (PlatformFunction kind : PlatformFunction.values()) {
            Function f = functions.function(kind);
            invocations.add(f.metricInvocations(sum()));
            errors.add(f.metricErrors(sum()));
            p99.add(f.metricDuration(MetricOptions.builder().statistic("p99").period(PERIOD).build()));
        }
        List<IWidget> header = List.of(TextWidget.Builder.create()
                .markdown("# MedExtract\nFunctions, API, extraction queue and tables. Alarms go to the platform topic.")
                .width(24).height(2).build());
        List<IWidget> functionRow = List.of(
                graph("Invocations", invocations), graph("Errors", errors), graph("Duration p99 (ms)", p99));
        List<IWidget> apiRow = List.of(
                graph("API requests", List.of(api.api().metricCount(sum()))),
                graph("API 4xx / 5xx", List.of(api.api().metricClientError(sum()), api.api().metricServerError(sum()))),
                graph("API latency p99 (ms)", List.of(api.api().metricLatency(MetricOptions.builder()
                        .statistic("p99").period(PERIOD).build()))));
        List<IWidget> queueRow = List.of(
                graph("Extraction queue depth", List.of(queue.queue().metricApproximateNumberOfMessagesVisible(),
                        queue.evaluationQueue().metricApproximateNumberOfMessagesVisible(),
                        queue.deadLetterQueue().metricApproximateNumberOfMessagesVisible())),
                GraphWidget.Builder.create().title("Oldest message age (s)")
                        .left(List.of(queue.queue().metricApproximateAgeOfOldestMessage()))
                        .leftAnnotations(List.of(software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation.builder()
                                .value(backlogSeconds).label("ExtractionQueueBacklog alarm").build()))
                        .width(8).height(6).build(),
                graph("Table capacity", tableMetrics(store.resultsTable(), store.experimentsTable())));
        List<IWidget> extractionRow = List.of(
                graph("Extractions succeeded / failed", List.of(custom(PlatformMetrics.EXTRACTION_SUCCEEDED, "Sum", stage),
                        custom(PlatformMetrics.EXTRACTION_FAILED, "Sum", stage))),
                graph("Bedrock cost (USD)", List.of(custom(PlatformMetrics.COST_USD, "Sum", stage))),
                graph("Field completeness (mean)", List.of(custom(PlatformMetrics.FIELD_COMPLETENESS, "Average", stage))));
        // One line per (evaluation set, prompt version): each completed run adds a point (EvaluationAccuracy, EMF).
        String search = "SEARCH('{MedExtract,EvaluationSet,Platform,PromptVersion,Stage} MetricName=\"EvaluationAccuracy\""
                + " Stage=\"" + stage.get(PlatformMetrics.STAGE) + "\" Platform=\"" + stage.get(PlatformMetrics.PLATFORM) + "\"', 'Average', 3600)";
        Map<String, String> evaluationTraffic = new java.util.TreeMap<>(stage);
        evaluationTraffic.put(PlatformMetrics.TRAFFIC, PlatformMetrics.EVALUATION_TRAFFIC);
        List<IWidget> evaluationRow = List.of(GraphWidget.Builder.create()
                .title("Evaluation accuracy per prompt version (exact-document, per completed run)")
                .left(List.of(MathExpression.Builder.create().expression(search).label("")
                        .period(software.amazon.awscdk.Duration.hours(1)).build()))
                .leftYAxis(software.amazon.awscdk.services.cloudwatch.YAxisProps.builder().min(0).max(1).build())
                .width(16).height(6).build(),
                // Evaluation runs' extractions, kept out of the production graphs above (Traffic=EVALUATION).
                graph("Evaluation extractions succeeded / failed", List.of(
                        custom(PlatformMetrics.EXTRACTION_SUCCEEDED, "Sum", evaluationTraffic),
                        custom(PlatformMetrics.EXTRACTION_FAILED, "Sum", evaluationTraffic))));
        List<IWidget> uploadRow = List.of(
                graph("Upload events to the extraction queue", List.of(uploadEvents(queue, "Invocations"),
                        uploadEvents(queue, "FailedInvocations"), uploadEvents(queue, "InvocationsSentToDlq"),
                        uploadEvents(queue, "InvocationsFailedToBeSentToDlq"))),
                graph("Upload events dead-letter queue depth", List.of(
                        queue.uploadEventsDeadLetterQueue().metricApproximateNumberOfMessagesVisible())),
                graph("Replaced uploads (quarantined)", List.of(custom(PlatformMetrics.DOCUMENT_REPLACED, "Sum", stage))));
        return List.of(header, functionRow, apiRow, queueRow, uploadRow, extractionRow, evaluationRow);
    }

    /** A metric the extract function publishes through Embedded Metric Format. */
    private static IMetric custom(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace(PlatformMetrics.NAMESPACE).metricName(name)
                .dimensionsMap(dimensions).statistic(statistic).period(PERIOD).build();
    }

    /**
     * Dimensions of the handlers' EMF metrics: stage and platform (the handlers get PLATFORM_NAME and add it
     * to every dimension set), so one platform's alarms never watch another's metrics.
     */
    static Map<String, String> dimensions(EffectiveSettings settings, Map<String, String> more) {
        Map<String, String> all = new java.util.TreeMap<>(more);
        all.put(PlatformMetrics.STAGE, settings.stage().id());
        all.put(PlatformMetrics.PLATFORM, settings.platformName());
        return Map.copyOf(all);
    }

    private static List<IMetric> tableMetrics(Table... tables) {
        List<IMetric> metrics = new ArrayList<>();
        for (Table t : tables) {
            metrics.add(t.metricConsumedReadCapacityUnits(sum()));
            metrics.add(t.metricConsumedWriteCapacityUnits(sum()));
        }
        return metrics;
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }

    ITopic topic() {
        return topic;
    }

    /** The error-rate and latency alarms of one function: a deployment rolls back when either fires. */
    List<Alarm> deploymentAlarms(PlatformFunction kind) {
        return deploymentAlarms.get(kind);
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    Dashboard dashboard() {
        return dashboard;
    }
}
