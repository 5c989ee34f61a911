package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Four prod platforms meant for one account: two in one stack and one in each of two more stacks of the same
 * app. No physical name, metric dimension set or alarm may be shared, and only one of them may own the
 * account-wide API Gateway logging role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformsInOneAccountTest {

    /** Properties that hold a physical name when they are set to a literal. */
    private static final Set<String> NAME_PROPERTIES = Set.of("Name", "LogGroupName", "TopicName", "DashboardName",
            "AlarmName", "TableName", "BucketName", "QueueName", "FunctionName", "RoleName", "ManagedPolicyName",
            "BackupVaultName", "BackupPlanName", "AliasName", "MetricName");
    /** Resources whose MetricName is a name the resource owns (WAF), not one it reads. */
    private static final Set<String> NAME_OWNING_TYPES = Set.of("AWS::WAFv2::WebACL", "AWS::ApiGateway::RestApi",
            "AWS::Logs::LogGroup", "AWS::SNS::Topic", "AWS::CloudWatch::Dashboard", "AWS::DynamoDB::Table",
            "AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy",
            "AWS::Backup::BackupVault", "AWS::Backup::BackupPlan");

    private final Map<String, Template> templates = new LinkedHashMap<>();

    @BeforeAll
    void synthesize() {
        App app = new App();
        Stack shared = new Stack(app, "Shared");
        new MedExtractPlatform(shared, "Claims", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).build());
        new MedExtractPlatform(shared, "Referrals", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .apiCloudWatchRole(false).build());
        Stack first = new Stack(app, "TeamA");
        new MedExtractPlatform(first, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .apiCloudWatchRole(false).build());
        Stack second = new Stack(app, "TeamB");
        new MedExtractPlatform(second, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .apiCloudWatchRole(false).build());
        for (Stack stack : List.of(shared, first, second)) {
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
    }

    @Test
    void noPhysicalNameIsShared() {
        Map<String, String> owners = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        templates.forEach((stack, template) -> resources(template).forEach((id, resource) -> {
            String type = (String) resource.get("Type");
            if (!NAME_OWNING_TYPES.contains(type)) {
                return;
            }
            collectNames(resource.get("Properties"), name -> {
                String key = type + " " + name;
                String previous = owners.putIfAbsent(key, stack + "/" + id);
                if (previous != null) {
                    clashes.add(key + " in " + previous + " and " + stack + "/" + id);
                }
            });
        }));
        assertThat(owners).isNotEmpty();
        assertThat(clashes).isEmpty();
    }

    @Test
    void noAlarmWatchesTheSameMetricAsAnotherPlatformsAlarm() {
        Map<String, String> watchers = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        int alarms = 0;
        for (var entry : templates.entrySet()) {
            for (var alarm : template(entry.getValue(), "AWS::CloudWatch::Alarm").entrySet()) {
                Map<String, Object> props = SynthesizedPlatform.map(alarm.getValue().get("Properties"));
                Map<String, Object> metric = new java.util.TreeMap<>();
                for (String key : List.of("Namespace", "MetricName", "Dimensions", "Metrics", "Threshold")) {
                    if (props.containsKey(key)) {
                        metric.put(key, qualified(props.get(key), entry.getKey()));
                    }
                }
                alarms++;
                String previous = watchers.putIfAbsent(metric.toString(), entry.getKey() + "/" + alarm.getKey());
                if (previous != null) {
                    clashes.add(previous + " and " + entry.getKey() + "/" + alarm.getKey() + " watch " + metric);
                }
            }
        }
        assertThat(alarms).isGreaterThan(30);
        assertThat(clashes).isEmpty();
    }

    @Test
    void customMetricsCarryThePlatformDimension() {
        templates.values().forEach(template -> template(template, "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> props = SynthesizedPlatform.map(alarm.get("Properties"));
            if ("MedExtract".equals(props.get("Namespace"))) {
                assertThat(props.get("Dimensions").toString()).contains("Name=Platform").contains("Name=Stage");
            }
        }));
    }

    @Test
    void onlyOnePlatformOwnsTheAccountWideApiGatewaySettings() {
        int accounts = templates.values().stream()
                .mapToInt(t -> template(t, "AWS::ApiGateway::Account").size()).sum();
        assertThat(accounts).isEqualTo(1);
    }

    @Test
    void onePlatformStaysWellUnderCloudFormationsResourceLimit() {
        int count = resources(templates.get("TeamA")).size();
        System.out.println("Resources in one prod platform's stack: " + count + " (CloudFormation allows 500)");
        assertThat(count).isLessThan(250);
        int shared = resources(templates.get("Shared")).size();
        System.out.println("Resources in a stack with two prod platforms: " + shared);
        assertThat(shared).isLessThan(500);
    }

    /** Refs and GetAtts name logical ids, which repeat across stacks: qualify them with the stack. */
    private static Object qualified(Object value, String stack) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && (m.containsKey("Ref") || m.containsKey("Fn::GetAtt"))) {
                return stack + "/" + m;
            }
            Map<String, Object> copy = new java.util.TreeMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), qualified(v, stack)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> qualified(v, stack)).toList();
        }
        return value;
    }

    /** Top-level name properties, and the web ACL's own CloudWatch metric name (rule names are per ACL). */
    private static void collectNames(Object properties, java.util.function.Consumer<String> sink) {
        if (!(properties instanceof Map<?, ?> m)) {
            return;
        }
        m.forEach((k, v) -> {
            if (NAME_PROPERTIES.contains(String.valueOf(k)) && v instanceof String s) {
                sink.accept(k + "=" + s);
            }
        });
        if (m.get("VisibilityConfig") instanceof Map<?, ?> visibility) {
            sink.accept("MetricName=" + visibility.get("MetricName"));
        }
        if (m.get("BackupPlan") instanceof Map<?, ?> plan) {
            sink.accept("BackupPlanName=" + plan.get("BackupPlanName"));
        }
    }

    private static Map<String, Map<String, Object>> resources(Template template) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        SynthesizedPlatform.map(template.toJSON().get("Resources")).forEach((id, r) -> all.put(id, SynthesizedPlatform.map(r)));
        return all;
    }

    private static Map<String, Map<String, Object>> template(Template template, String type) {
        return template.findResources(type);
    }
}
