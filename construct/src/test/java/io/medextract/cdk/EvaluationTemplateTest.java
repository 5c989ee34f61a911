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

/**
 * Evaluations in the synthesized template: the experiments function may write evaluation documents, read imports,
 * write extraction items and queue them, and nothing more of the bucket; the extract function reads evaluation
 * documents; a schedule scores finished runs; the gate and model props reach the environment and are validated.
 */
class EvaluationTemplateTest {

    private static SynthesizedPlatform gated;

    @BeforeAll
    static void synthesize() {
        gated = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .promotionGateEvaluationSet("discharge-summaries@3").promotionGateMaxRegression(0.01)
                .evaluationModelIds(List.of("anthropic.claude-sonnet-4-5-20250929-v1:0"))
                .build());
    }

    @Test
    void experimentsFunctionGetsTheGateAndTheQueue() {
        Map<String, Object> env = map(map(gated.functionProperties(PlatformFunction.EXPERIMENTS).get("Environment"))
                .get("Variables"));
        assertThat(env).containsEntry("PROMOTION_GATE_SET", "discharge-summaries@3")
                .containsEntry("PROMOTION_GATE_MAX_REGRESSION", "0.01")
                .containsEntry("EVALUATION_MODEL_IDS", "anthropic.claude-sonnet-4-5-20250929-v1:0")
                .containsKeys("EVALUATION_QUEUE_URL", "BEDROCK_MODEL_ID", "AUDIT_TABLE", "CALLER_EVALUATION_LIMIT")
                .doesNotContainKey("EXTRACTION_QUEUE_URL");
        Map<String, Object> plain = map(map(SynthesizedPlatform.of(DeploymentStage.DEV)
                .functionProperties(PlatformFunction.EXPERIMENTS).get("Environment")).get("Variables"));
        assertThat(plain).containsEntry("PROMOTION_GATE_MAX_REGRESSION", "0.02")
                .doesNotContainKeys("PROMOTION_GATE_SET", "EVALUATION_MODEL_IDS");
    }

    @Test
    void objectGrantsStayWithinTheirPrefixes() {
        String experiments = statements(PlatformFunction.EXPERIMENTS).toString();
        assertThat(experiments).contains("/evaluation/*", "/evaluation-imports/*", "sqs:SendMessage",
                "s3:PutObject", "evaluation-imports/*");
        assertThat(experiments).doesNotContain("/uploads/*");
        String extract = statements(PlatformFunction.EXTRACT).toString();
        assertThat(extract).contains("/evaluation/*").doesNotContain("evaluation-imports");
        // Invoke rights for the evaluation model, beside the stage's model.
        assertThat(extract).contains("anthropic.claude-sonnet-4-5-20250929-v1:0");
        for (Object s : statements(PlatformFunction.EXPERIMENTS)) {
            Map<String, Object> statement = map(s);
            if (String.valueOf(statement.get("Action")).contains("s3:PutObject")) {
                assertThat(statement.get("Resource").toString()).contains("/evaluation/*")
                        .doesNotContain("uploads").doesNotContain("evaluation-imports");
            }
        }
    }

    @Test
    void aScheduleScoresFinishedRuns() {
        List<Map<String, Object>> rules = gated.resources("AWS::Events::Rule").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> p.get("Targets").toString().contains("ExperimentsLive")).toList();
        assertThat(rules).singleElement().satisfies(rule ->
                assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(5 minutes)"));
    }

    @Test
    void theDashboardGraphsAccuracyPerPromptVersion() {
        String body = gated.resources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();
        assertThat(body).contains("EvaluationAccuracy", "EvaluationSet,Platform,PromptVersion,Stage",
                "Evaluation accuracy per prompt version");
    }

    @Test
    void evaluationExtractionsFailedByThePlatformRaiseTheirOwnAlarm() {
        String topic = gated.logicalId(gated.platform.getAlarmTopic());
        List<Map<String, Object>> alarms = gated.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Metrics")).contains("Value=EVALUATION")
                        && String.valueOf(p.get("Metrics")).contains("ExtractionFailed")).toList();
        assertThat(alarms).singleElement().satisfies(alarm -> {
            assertThat(alarm).containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
            assertThat(alarm.get("AlarmActions").toString()).contains(topic);
            assertThat(alarm.get("OKActions").toString()).contains(topic);
            List<Map<String, Object>> watched = new ArrayList<>();
            for (Object query : list(alarm.get("Metrics"))) {
                Map<String, Object> stat = map(map(query).get("MetricStat"));
                if (stat != null) {
                    watched.add(map(stat.get("Metric")));
                }
            }
            // CloudWatch: a metric math alarm references at most 10 metrics.
            assertThat(watched).hasSize(PlatformMonitoring.EVALUATION_ALARM_CATEGORIES.size()).hasSizeLessThanOrEqualTo(10).allSatisfy(metric -> {
                assertThat(metric).containsEntry("Namespace", "MedExtract").containsEntry("MetricName", "ExtractionFailed");
                assertThat(metric.get("Dimensions").toString()).contains("Name=Traffic, Value=EVALUATION")
                        .contains("Name=Stage, Value=prod").contains("Name=Platform");
            });
            assertThat(watched.toString()).contains("MODEL_ACCESS_DENIED", "BEDROCK_THROTTLED", "MODEL_NOT_FOUND")
                    .doesNotContain("SCHEMA_VIOLATION");
        });
        // Production alarms watch production traffic only (evaluation counts carry Traffic, production's never do).
        gated.resources("AWS::CloudWatch::Alarm").values().stream().map(r -> map(r.get("Properties")))
                .filter(p -> "ExtractionFailed".equals(p.get("MetricName")))
                .forEach(p -> assertThat(p.get("Dimensions").toString()).doesNotContain("Traffic"));
        String dashboard = gated.resources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();
        assertThat(dashboard).contains("Evaluation extractions succeeded / failed", "Traffic", "EVALUATION");
    }

    @Test
    void badGatePropsAreRefused() {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promotionGateEvaluationSet("Not A Name").build())
                .hasMessageContaining("promotionGateEvaluationSet");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promotionGateMaxRegression(1.5).build())
                .hasMessageContaining("promotionGateMaxRegression");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .evaluationModelIds(List.of("two words")).build())
                .hasMessageContaining("evaluationModelIds");
    }

    private static List<Object> statements(PlatformFunction kind) {
        String policyId = gated.logicalId(gated.platform.getNode().findChild("Handlers").getNode()
                .findChild(kind.constructId() + "Policy"));
        List<Object> all = new ArrayList<>();
        list(map(map(gated.resources("AWS::IAM::ManagedPolicy").get(policyId).get("Properties"))
                .get("PolicyDocument")).get("Statement")).forEach(all::add);
        return all;
    }
}
