package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;

/** A user's own bucket, key and topic are used instead of creating new ones. */
class ExistingResourcesTemplateTest {

    @Test
    void existingBucketKeyAndTopicReplaceTheCreatedOnes() {
        App app = new App();
        Stack shared = new Stack(app, "Shared");
        Key key = Key.Builder.create(shared, "OrgKey").enableKeyRotation(true).build();
        Bucket bucket = Bucket.Builder.create(shared, "OrgBucket").build();
        Topic topic = Topic.Builder.create(shared, "OrgTopic").build();
        Stack stack = new Stack(app, "Platform");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD)
                .existingEncryptionKey(key)
                .existingBucket(bucket)
                .existingAlarmTopic(topic)
                .build());
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::KMS::Key", 0);
        t.resourceCountIs("AWS::S3::Bucket", 0);
        t.resourceCountIs("AWS::SNS::Topic", 0);
        assertThat(platform.getDocumentBucket()).isSameAs(bucket);
        assertThat(platform.getEncryptionKey()).isSameAs(key);
        assertThat(platform.getAlarmTopic()).isSameAs(topic);
        assertThat(platform.getAccessLogBucket()).isNull();
        // The tables and queues are encrypted with the given key (imported from the other stack).
        t.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "SSESpecification", Match.objectLike(Map.of("KMSMasterKeyId", Match.objectLike(Map.of(
                        "Fn::ImportValue", Match.anyValue())))))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Fn::ImportValue", Match.anyValue())))));
    }

    @Test
    void corsWithAnExistingBucketIsAWarningAtSynthNotASilentGap() {
        Stack stack = platformOnAnExistingBucket(List.of("https://app.example.org"));

        Annotations.fromStack(stack).hasWarning("/Platform/P/Store", Match.stringLikeRegexp(
                "corsAllowedOrigins is not applied to existingBucket.*https://app.example.org.*"));
    }

    @Test
    void noCorsWarningWithoutOrigins() {
        Stack stack = platformOnAnExistingBucket(List.of());

        Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp(".*corsAllowedOrigins.*"));
    }

    private static Stack platformOnAnExistingBucket(List<String> corsOrigins) {
        App app = new App();
        Bucket bucket = Bucket.Builder.create(new Stack(app, "Shared"), "OrgBucket").build();
        Stack stack = new Stack(app, "Platform");
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV).existingBucket(bucket).corsAllowedOrigins(corsOrigins).build());
        return stack;
    }
}
