package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer managed KMS key that encrypts documents, tables, queues, the alarm topic and log groups,
 * or the key the user brought.
 */
final class Encryption extends Construct {

    private final IKey key;

    Encryption(Construct scope, String id, EffectiveSettings settings) {
        super(scope, id);
        IKey existing = settings.props().getExistingEncryptionKey();
        if (existing != null) {
            this.key = existing;
            return;
        }
        Key created = Key.Builder.create(this, "Key")
                .description("MedExtract " + settings.platformName() + " (" + settings.stage().id()
                        + "): documents, results, queues, alarms, logs")
                .enableKeyRotation(true)
                .removalPolicy(settings.values().removalPolicy())
                .build();
        // Services that write into encrypted resources on the platform's behalf. EventBridge's statement for the
        // encrypted extraction queue is the SqsQueue target's own grant, limited to this account by the
        // @aws-cdk/aws-events:eventsTargetQueueSameAccount flag the platform sets (MedExtractPlatform).
        created.addToResourcePolicy(serviceOfThisAccount("AllowCloudWatchAlarmsToEncryptedTopic",
                "cloudwatch.amazonaws.com"));
        created.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());
        created.addToResourcePolicy(denyGrantsExceptForAwsResources());
        this.key = created;
    }

    /**
     * No principal may create a grant on the key unless an AWS service creates it for a resource it manages
     * (DynamoDB, AWS Backup) or is itself the caller: a grant is a second, policy-invisible way to use the key.
     * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
     */
    private static PolicyStatement denyGrantsExceptForAwsResources() {
        return PolicyStatement.Builder.create()
                .sid("DenyGrantsExceptForAwsResources")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of("BoolIfExists", Map.of(
                        "kms:GrantIsForAWSResource", "false",
                        "aws:PrincipalIsAWSService", "false")))
                .build();
    }

    /** A service may use the key for data keys (in a key policy, Resource * means this key). */
    private static PolicyStatement serviceOfThisAccount(String sid, String service) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ServicePrincipal(service)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build();
    }

    IKey key() {
        return key;
    }
}
