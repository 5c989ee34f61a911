package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing is lost silently: upload events EventBridge cannot deliver land in a dead-letter queue of their own (and
 * alarm), events it cannot even keep alarm, a message left too long in the extraction queue alarms, and a replaced
 * upload (the extract function's {@code DocumentReplaced}) alarms; the dashboard shows each.
 */
class NothingLostTemplateTest {

    private static SynthesizedPlatform prod;

    @BeforeAll
    static void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void uploadEventsRetryForADayThenGoToTheirOwnEncryptedDeadLetterQueue() {
        Map<String, Object> target = uploadRuleTarget();
        String dlq = prod.logicalId(prod.platform.getUploadEventsDeadLetterQueue());
        assertThat(map(target.get("DeadLetterConfig")).get("Arn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(dlq, "Arn")));
        assertThat(map(target.get("RetryPolicy"))).containsEntry("MaximumEventAgeInSeconds", 86400)
                .containsEntry("MaximumRetryAttempts", 185);
        Map<String, Object> queue = map(prod.resources("AWS::SQS::Queue").get(dlq).get("Properties"));
        assertThat(queue).containsKey("KmsMasterKeyId").containsEntry("MessageRetentionPeriod", 1209600);

        // EventBridge may send to it, for this rule only, and may use the key the queue is encrypted with.
        String policies = json(prod.resources("AWS::SQS::QueuePolicy").values().stream()
                .filter(p -> json(map(p.get("Properties")).get("Queues")).contains(dlq)).toList());
        assertThat(policies).contains("events.amazonaws.com").contains("sqs:SendMessage").contains("aws:SourceArn");
        String keyPolicy = json(prod.resources("AWS::KMS::Key"));
        assertThat(keyPolicy).contains("events.amazonaws.com").contains("kms:GenerateDataKey*");
    }

    @Test
    void deadLetteredAndLostUploadEventsAlarm() {
        String dlq = prod.logicalId(prod.platform.getUploadEventsDeadLetterQueue());
        assertThat(alarms()).filteredOn(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                        && json(a.get("Dimensions")).contains(dlq))
                .singleElement().satisfies(a -> assertThat(a).containsEntry("Threshold", 0));
        String rule = prod.logicalId(uploadRule());
        assertThat(alarms()).filteredOn(a -> "InvocationsFailedToBeSentToDlq".equals(a.get("MetricName")))
                .singleElement().satisfies(a -> {
                    assertThat(a).containsEntry("Namespace", "AWS/Events").containsEntry("Threshold", 0)
                            .containsEntry("Statistic", "Sum");
                    assertThat(json(a.get("Dimensions"))).contains("RuleName").contains(rule);
                });
    }

    @Test
    void theOldestExtractionMessageAlarmsPastTheLongestHealthyWait() {
        assertThat(ageAlarmThreshold(prod)).isEqualTo(900 + 900);
        SynthesizedPlatform shortTimeout = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV)
                .extractFunction(FunctionSettings.builder().timeoutSeconds(300).build()).build());
        assertThat(ageAlarmThreshold(shortTimeout)).isEqualTo(900 + 300);
    }

    @Test
    void aReplacedUploadAlarmsOnTheFirstOne() {
        assertThat(alarms()).filteredOn(a -> "DocumentReplaced".equals(a.get("MetricName")))
                .singleElement().satisfies(a -> {
                    assertThat(a).containsEntry("Namespace", "MedExtract").containsEntry("Threshold", 0)
                            .containsEntry("Statistic", "Sum")
                            .containsEntry("ComparisonOperator", "GreaterThanThreshold");
                    assertThat(json(a.get("Dimensions"))).contains("\"Stage\"").contains("prod").contains("Platform");
                });
    }

    @Test
    void theDashboardShowsUploadDeliveryReplacedUploadsAndTheBacklogThreshold() {
        String dashboard = json(prod.resources("AWS::CloudWatch::Dashboard"));
        assertThat(dashboard).contains("InvocationsFailedToBeSentToDlq").contains("InvocationsSentToDlq")
                .contains("DocumentReplaced").contains("ExtractionQueueBacklog alarm")
                .contains("Upload events dead-letter queue depth");
    }

    private static int ageAlarmThreshold(SynthesizedPlatform platform) {
        List<Map<String, Object>> age = platform.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> map(a.get("Properties")))
                .filter(a -> "ApproximateAgeOfOldestMessage".equals(a.get("MetricName"))).toList();
        assertThat(age).hasSize(1);
        assertThat(age.get(0)).containsEntry("Statistic", "Maximum");
        assertThat(json(age.get(0).get("Dimensions")))
                .contains(platform.logicalId(platform.platform.getExtractionQueue()));
        return ((Number) age.get(0).get("Threshold")).intValue();
    }

    private static List<Map<String, Object>> alarms() {
        return prod.resources("AWS::CloudWatch::Alarm").values().stream().map(a -> map(a.get("Properties"))).toList();
    }

    private static Object uploadRule() {
        return prod.platform.getNode().findChild("Extraction").getNode().findChild("DocumentUploaded");
    }

    private static Map<String, Object> uploadRuleTarget() {
        Map<String, Object> rule = map(prod.resources("AWS::Events::Rule").get(prod.logicalId(uploadRule()))
                .get("Properties"));
        return map(list(rule.get("Targets")).get(0));
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
