package io.medextract.cdk;

import static io.medextract.cdk.SecurityTemplateTest.statements;
import static io.medextract.cdk.SecurityTemplateTest.strings;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;

/**
 * The dead-letter consumer (event source on the DLQ, its alarm), the throttling retry budget and the scoped
 * s3:ListBucket that lets the extract role tell a missing object from a denied one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLettersAndThrottlingTemplateTest {

    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void theExtractFunctionConsumesTheDeadLetterQueueGentlyWithPartialBatchResponses() {
        String dlq = prod.logicalId(prod.platform.getExtractionDeadLetterQueue());
        prod.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(dlq, "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", HandlerFunctions.DEAD_LETTER_BATCH_SIZE,
                "ScalingConfig", Map.of("MaximumConcurrency", 2))));
        prod.template.resourceCountIs("AWS::Lambda::EventSourceMapping", 3); // production, evaluation, dead letters
        // Lambda refuses an SQS event source whose visibility timeout is below the function timeout (900 s), so it gets 6 × 900 s like the extraction queue.
        Map<String, Object> dlqProps = map(prod.resources("AWS::SQS::Queue").get(dlq).get("Properties"));
        assertThat(dlqProps).containsEntry("VisibilityTimeout", 5400).containsEntry("MessageRetentionPeriod", 1209600);
    }

    @Test
    void theExtractFunctionKnowsTheDeadLetterQueueAndTheRetryBudget() {
        Map<String, Object> env = environment(prod);
        assertThat(env).containsKeys("EXTRACTION_DLQ_URL", "EXTRACTION_DLQ_ARN")
                .containsEntry("THROTTLE_RETRY_BUDGET_MINUTES", "1440");
        SynthesizedPlatform shorter = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .throttleRetryBudget(software.amazon.awscdk.Duration.hours(6)).build());
        assertThat(environment(shorter)).containsEntry("THROTTLE_RETRY_BUDGET_MINUTES", "360");
    }

    @Test
    void theDeadLetterRoleMayReadAndDeleteButNotSendDeadLetters() {
        String dlq = prod.logicalId(prod.platform.getExtractionDeadLetterQueue());
        List<Map<String, Object>> onDlq = extractStatements().stream()
                .filter(st -> st.get("Resource").toString().contains(dlq)).toList();
        List<String> actions = onDlq.stream().flatMap(st -> strings(st.get("Action")).stream()).toList();
        assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")
                .doesNotContain("sqs:SendMessage", "sqs:PurgeQueue");
    }

    @Test
    void listBucketIsAlwaysLimitedToOnePrefix() {
        List<Map<String, Object>> lists = allStatements().stream()
                .filter(st -> strings(st.get("Action")).contains("s3:ListBucket")).toList();
        // extract: uploads/ and evaluation/ (missing vs denied objects); experiments: evaluation-imports/ (set imports)
        assertThat(lists).hasSize(3).allSatisfy(st -> {
            assertThat(strings(st.get("Action"))).containsExactly("s3:ListBucket");
            assertThat(st.get("Resource").toString()).doesNotContain("/*");
        });
        assertThat(lists).extracting(st -> st.get("Condition")).containsExactlyInAnyOrder(
                Map.of("StringLike", Map.of("s3:prefix", List.of("uploads/*"))),
                Map.of("StringLike", Map.of("s3:prefix", List.of("evaluation/*"))),
                Map.of("StringLike", Map.of("s3:prefix", List.of("evaluation-imports/*"))));
        assertThat(extractStatements()).anySatisfy(st ->
                assertThat(strings(st.get("Action"))).contains("s3:ListBucket"));
    }

    @Test
    void anythingDeadLetteredAndASpentThrottleBudgetRaiseAlarms() {
        prod.template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "MedExtract",
                "MetricName", "DeadLettered",
                "Dimensions", List.of(Map.of("Name", "Platform", "Value", prod.platform.getPlatformName()),
                        Map.of("Name", "Stage", "Value", "prod")),
                "Statistic", "Sum",
                "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold",
                "AlarmActions", Match.anyValue())));
        for (String category : List.of("BEDROCK_THROTTLED", "DOCUMENT_ACCESS_DENIED")) {
            prod.template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "ExtractionFailed",
                    "Dimensions", Match.arrayWith(List.of(Map.of("Name", "ErrorCategory", "Value", category))),
                    "Threshold", 0)));
        }
    }

    private static Map<String, Object> environment(SynthesizedPlatform s) {
        return map(map(s.functionProperties(PlatformFunction.EXTRACT).get("Environment")).get("Variables"));
    }

    private List<Map<String, Object>> extractStatements() {
        String role = prod.logicalId(prod.platform.getExtractFunction().getRole());
        List<Map<String, Object>> all = new ArrayList<>();
        prod.resources("AWS::IAM::ManagedPolicy").values().forEach(p -> {
            Map<String, Object> props = map(p.get("Properties"));
            if (props.get("Roles").toString().contains(role)) {
                all.addAll(statements(map(props.get("PolicyDocument"))));
            }
        });
        return all;
    }

    private List<Map<String, Object>> allStatements() {
        List<Map<String, Object>> all = new ArrayList<>();
        prod.resources("AWS::IAM::ManagedPolicy").values().forEach(p ->
                all.addAll(statements(map(map(p.get("Properties")).get("PolicyDocument")))));
        return all;
    }
}
