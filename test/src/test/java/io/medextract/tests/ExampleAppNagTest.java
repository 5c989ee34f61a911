package io.medextract.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.examples.ExampleApp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The bundled example app exactly as {@code cdk synth} builds it, checked by cdk-nag's AwsSolutions, HIPAA and NIST packs:
 * no unsuppressed error, and every suppression carries a reason and sits on one resource.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleAppNagTest {

    private App app;

    @BeforeAll
    void synthesizeTheExampleApp() {
        app = new App();
        ExampleApp.build(app);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MedExtractDev", "MedExtractProd"})
    void noUnsuppressedAwsSolutionsErrors(String stackName) {
        Stack stack = (Stack) app.getNode().findChild(stackName);
        List<String> errors = Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("(AwsSolutions|HIPAA\\.Security|NIST\\.800\\.53\\.R5)-.*")).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .collect(Collectors.toList());
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MedExtractDev", "MedExtractProd"})
    void everySuppressionHasAReasonAndIsScoped(String stackName) {
        Stack stack = (Stack) app.getNode().findChild(stackName);
        Map<String, Map<String, Object>> resources = Template.fromStack(stack).toJSON().entrySet().stream()
                .filter(e -> e.getKey().equals("Resources"))
                .map(e -> castMap(e.getValue()))
                .findFirst().orElseThrow().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> castMap(e.getValue())));
        int suppressions = 0;
        for (Map<String, Object> resource : resources.values()) {
            Map<String, Object> metadata = castMap(resource.getOrDefault("Metadata", Map.of()));
            Object nag = metadata.get("cdk_nag");
            if (nag == null) {
                continue;
            }
            for (Object rule : (List<?>) castMap(nag).get("rules_to_suppress")) {
                Map<String, Object> r = castMap(rule);
                assertThat((String) r.get("reason")).hasSizeGreaterThan(30);
                assertThat((String) r.get("id")).matches("(AwsSolutions|HIPAA\\.Security|NIST\\.800\\.53\\.R5)-.+");
                suppressions++;
            }
        }
        assertThat(suppressions).isPositive();
    }

    @Test
    void prodStackShowsEveryResourceTheFoundationPromises() {
        Template prod = Template.fromStack((Stack) app.getNode().findChild("MedExtractProd"));
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("AWS::ApiGateway::RestApi", 1),
                // the four handlers, the console's scope trigger and aws-cdk-lib's BucketDeployment handler
                Map.entry("AWS::Lambda::Function", 6),
                Map.entry("AWS::Cognito::UserPoolGroup", 3),
                Map.entry("AWS::Lambda::Alias", 4),
                // documents, access logs, the console's files and its CloudFront/S3 logs
                Map.entry("AWS::S3::Bucket", 4),
                Map.entry("AWS::CloudFront::Distribution", 1),
                Map.entry("AWS::CloudFront::ResponseHeadersPolicy", 1),
                Map.entry("AWS::CloudFront::OriginAccessControl", 1),
                Map.entry("AWS::Cognito::UserPool", 1),
                Map.entry("AWS::Cognito::UserPoolClient", 1),
                Map.entry("AWS::Cognito::UserPoolDomain", 1),
                Map.entry("AWS::DynamoDB::Table", 3), // results, experiments, audit
                // extraction and evaluation queues, their shared DLQ, async failures, undelivered upload events
                Map.entry("AWS::SQS::Queue", 5),
                Map.entry("AWS::KMS::Key", 1),
                Map.entry("AWS::SNS::Topic", 1),
                Map.entry("AWS::CloudWatch::Dashboard", 1),
                Map.entry("AWS::Lambda::EventSourceMapping", 3), // the extraction and evaluation queues and their DLQ
                Map.entry("AWS::Events::Rule", 3), // uploads, the hourly rollup, evaluation scoring
                Map.entry("AWS::WAFv2::WebACL", 1),
                Map.entry("AWS::WAFv2::LoggingConfiguration", 1),
                Map.entry("AWS::Backup::BackupPlan", 1),
                Map.entry("AWS::Backup::BackupSelection", 1),
                Map.entry("AWS::EC2::VPC", 1),
                Map.entry("AWS::EC2::FlowLog", 1));
        expected.forEach(prod::resourceCountIs);
    }

    @Test
    void theAppSynthesizesToACloudAssembly() {
        CloudAssembly assembly = app.synth();
        assertThat(assembly.getStacks()).extracting(s -> s.getStackName())
                .containsExactlyInAnyOrder("MedExtractDev", "MedExtractProd");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
