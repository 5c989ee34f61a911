package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Duration;

/**
 * Spend, fairness and the audit trail in the synthesized template: evaluation runs on their own queue and event
 * source mapping with their own low maximum concurrency; the caller limits reach the functions; the hourly spend
 * alarm adds production and evaluation cost; a failed compensating write pages; prompt-label audit records live in a
 * table the functions can only add to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpendAndAuditTemplateTest {

    private SynthesizedPlatform dev;
    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedPlatform.of(DeploymentStage.DEV);
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void evaluationRunsHaveTheirOwnQueueAndMappingBesideProductions() {
        for (SynthesizedPlatform s : List.of(dev, prod)) {
            String evaluation = s.logicalId(s.platform.getEvaluationQueue());
            String production = s.logicalId(s.platform.getExtractionQueue());
            String deadLetters = s.logicalId(s.platform.getExtractionDeadLetterQueue());
            Map<String, Integer> concurrency = new java.util.HashMap<>();
            s.resources("AWS::Lambda::EventSourceMapping").values().forEach(m -> {
                Map<String, Object> p = map(m.get("Properties"));
                concurrency.put((String) list(map(p.get("EventSourceArn")).get("Fn::GetAtt")).get(0),
                        ((Number) map(p.get("ScalingConfig")).get("MaximumConcurrency")).intValue());
                assertThat(p.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            });
            assertThat(concurrency).containsEntry(evaluation, 2).containsEntry(deadLetters, 2)
                    .containsEntry(production, s == dev ? 5 : 20);
            // Encrypted like the production queue; dead letters go to the same dead-letter queue, which is consumed.
            Map<String, Object> queue = map(s.resources("AWS::SQS::Queue").get(evaluation).get("Properties"));
            assertThat(queue).containsKey("KmsMasterKeyId").containsEntry("VisibilityTimeout", 5400);
            assertThat(map(queue.get("RedrivePolicy")).get("deadLetterTargetArn").toString()).contains(deadLetters);
        }
        SynthesizedPlatform wider = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .evaluationMaxConcurrency(4).build());
        String evaluation = wider.logicalId(wider.platform.getEvaluationQueue());
        assertThat(wider.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(m -> map(m.get("Properties")))
                .filter(p -> p.get("EventSourceArn").toString().contains(evaluation))
                .map(p -> map(p.get("ScalingConfig")).get("MaximumConcurrency")).toList()).containsExactly(4);
    }

    @Test
    void runsQueueOnlyOnTheEvaluationQueueAndRetriesReturnThere() {
        String evaluation = prod.logicalId(prod.platform.getEvaluationQueue());
        String production = prod.logicalId(prod.platform.getExtractionQueue());
        Map<String, Object> experiments = environment(prod, PlatformFunction.EXPERIMENTS);
        assertThat(experiments).doesNotContainKey("EXTRACTION_QUEUE_URL");
        assertThat(experiments.get("EVALUATION_QUEUE_URL").toString()).contains(evaluation);
        String asyncFailures = prod.logicalId(prod.platform.getAsyncFailureQueue());
        List<Map<String, Object>> sends = statements(prod, PlatformFunction.EXPERIMENTS).stream()
                .filter(st -> st.get("Action").toString().contains("sqs:SendMessage")
                        && !st.get("Resource").toString().contains(asyncFailures)).toList();
        assertThat(sends).singleElement().satisfies(st ->
                assertThat(st.get("Resource").toString()).contains(evaluation).doesNotContain(production));
        Map<String, Object> extract = environment(prod, PlatformFunction.EXTRACT);
        assertThat(extract.get("EVALUATION_QUEUE_URL").toString()).contains(evaluation);
        assertThat(extract.get("EVALUATION_QUEUE_ARN").toString()).contains(evaluation);
        assertThat(statements(prod, PlatformFunction.EXTRACT).stream()
                .filter(st -> st.get("Action").toString().contains("sqs:SendMessage"))
                .map(st -> st.get("Resource").toString()).toList())
                .anySatisfy(r -> assertThat(r).contains(evaluation))
                .anySatisfy(r -> assertThat(r).contains(production));
    }

    @Test
    void callerLimitsReachTheFunctionsAndTheirBucketsAreAllTheExperimentsFunctionUpdates() {
        assertThat(environment(dev, PlatformFunction.EXTRACT)).containsEntry("CALLER_EXTRACTION_LIMIT", "60/3600");
        assertThat(environment(prod, PlatformFunction.EXTRACT)).containsEntry("CALLER_EXTRACTION_LIMIT", "600/3600");
        assertThat(environment(prod, PlatformFunction.EXPERIMENTS)).containsEntry("CALLER_EVALUATION_LIMIT", "5000/86400");
        SynthesizedPlatform custom = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .callerExtractionLimit(new CallerLimit(10, Duration.minutes(10)))
                .callerEvaluationLimit(CallerLimit.perHour(100)).build());
        assertThat(environment(custom, PlatformFunction.EXTRACT)).containsEntry("CALLER_EXTRACTION_LIMIT", "10/600");
        assertThat(environment(custom, PlatformFunction.EXPERIMENTS)).containsEntry("CALLER_EVALUATION_LIMIT", "100/3600");

        String results = prod.logicalId(prod.platform.getResultsTable());
        List<Map<String, Object>> updates = statements(prod, PlatformFunction.EXPERIMENTS).stream()
                .filter(st -> st.get("Action").toString().contains("dynamodb:UpdateItem")
                        && st.get("Resource").toString().contains(results)).toList();
        assertThat(updates).singleElement().satisfies(st -> assertThat(st.get("Condition")).isEqualTo(
                Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("LIMIT#*")))));
    }

    @Test
    void theHourlySpendAlarmAddsProductionAndEvaluationCost() {
        for (SynthesizedPlatform s : List.of(dev, prod)) {
            Map<String, Object> alarm = alarm(s, "HourlySpend");
            assertThat(alarm).containsEntry("Threshold", s == dev ? 5 : 100)
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("EvaluationPeriods", 1);
            List<Map<String, Object>> watched = new ArrayList<>();
            String expression = null;
            for (Object query : list(alarm.get("Metrics"))) {
                Map<String, Object> q = map(query);
                if (q.containsKey("Expression")) {
                    expression = (String) q.get("Expression");
                } else {
                    Map<String, Object> stat = map(q.get("MetricStat"));
                    assertThat(stat).containsEntry("Stat", "Sum").containsEntry("Period", 3600);
                    watched.add(map(stat.get("Metric")));
                }
            }
            assertThat(expression).isEqualTo("FILL(production, 0) + FILL(evaluation, 0)");
            assertThat(watched).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("MetricName", "CostUsd")
                    .containsEntry("Namespace", "MedExtract"));
            assertThat(watched.stream().filter(m -> m.get("Dimensions").toString().contains("Value=EVALUATION")))
                    .hasSize(1);
            assertThat(alarm.get("AlarmActions").toString()).contains(s.logicalId(s.platform.getAlarmTopic()));
        }
        SynthesizedPlatform lower = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .spendAlarmUsdPerHour(12.5).build());
        assertThat(alarm(lower, "HourlySpend")).containsEntry("Threshold", 12.5);
    }

    @Test
    void aFailedCompensatingWritePages() {
        Map<String, Object> alarm = alarm(prod, "CompensatingWriteFailed");
        assertThat(alarm).containsEntry("MetricName", "CompensationFailed").containsEntry("Namespace", "MedExtract")
                .containsEntry("Threshold", 0).containsEntry("Statistic", "Sum");
        assertThat(alarm.get("Dimensions").toString()).contains("Name=Stage, Value=prod").contains("Name=Platform");
    }

    @Test
    void auditRecordsLiveInATableTheFunctionsCanOnlyAddTo() {
        String audit = prod.logicalId(prod.platform.getAuditTable());
        Map<String, Object> resource = prod.resources("AWS::DynamoDB::Table").get(audit);
        Map<String, Object> table = map(resource.get("Properties"));
        assertThat(table).containsKey("SSESpecification").containsEntry("DeletionProtectionEnabled", true)
                .doesNotContainKey("TimeToLiveSpecification");
        assertThat(table.get("PointInTimeRecoverySpecification").toString()).contains("PointInTimeRecoveryEnabled=true");
        assertThat(resource).containsEntry("DeletionPolicy", "Retain");
        assertThat(prod.resources("AWS::Backup::BackupSelection").values().toString()).contains(audit);

        for (PlatformFunction kind : PlatformFunction.values()) {
            List<Map<String, Object>> onAudit = statements(prod, kind).stream()
                    .filter(st -> st.get("Resource").toString().contains(audit)).toList();
            List<String> allowed = onAudit.stream().filter(st -> !"Deny".equals(st.get("Effect")))
                    .flatMap(st -> actions(st).stream()).toList();
            assertThat(allowed).as(kind.name())
                    .isEqualTo(kind == PlatformFunction.EXPERIMENTS ? List.of("dynamodb:PutItem") : List.of());
            assertThat(onAudit.stream().filter(st -> "Deny".equals(st.get("Effect")))
                    .flatMap(st -> actions(st).stream()).toList()).as(kind.name())
                    .contains("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
        }
        assertThat(environment(prod, PlatformFunction.EXPERIMENTS).get("AUDIT_TABLE").toString()).contains(audit);
    }

    @Test
    void badSpendPropsAreRefused() {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promotionGateEvaluationSet("discharge-summaries").build())
                .hasMessageContaining("must pin an evaluation set version, name@version");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .evaluationMaxConcurrency(1).build()).hasMessageContaining("evaluationMaxConcurrency");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .spendAlarmUsdPerHour(0).build()).hasMessageContaining("spendAlarmUsdPerHour");
        assertThatThrownBy(() -> new CallerLimit(0, Duration.hours(1))).hasMessageContaining("count");
        assertThatThrownBy(() -> new CallerLimit(10, Duration.seconds(30))).hasMessageContaining("window");
        // The evaluation queue's concurrency comes on top of the production queue's, within the reservation.
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .evaluationMaxConcurrency(79).build())
                .hasMessageContaining("evaluationMaxConcurrency (79)");
    }

    private static Map<String, Object> alarm(SynthesizedPlatform s, String id) {
        String logicalId = s.logicalId(s.platform.getNode().findChild("Monitoring").getNode().findChild(id));
        return map(s.resources("AWS::CloudWatch::Alarm").get(logicalId).get("Properties"));
    }

    private static Map<String, Object> environment(SynthesizedPlatform s, PlatformFunction kind) {
        return map(map(s.functionProperties(kind).get("Environment")).get("Variables"));
    }

    private static List<Map<String, Object>> statements(SynthesizedPlatform s, PlatformFunction kind) {
        String policyId = s.logicalId(s.platform.getNode().findChild("Handlers").getNode()
                .findChild(kind.constructId() + "Policy"));
        List<Map<String, Object>> all = new ArrayList<>();
        list(map(map(s.resources("AWS::IAM::ManagedPolicy").get(policyId).get("Properties"))
                .get("PolicyDocument")).get("Statement")).forEach(st -> all.add(map(st)));
        return all;
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }
}
