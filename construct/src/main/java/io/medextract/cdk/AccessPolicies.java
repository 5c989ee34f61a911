package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Least-privilege statements written out action by action (no {@code service:*}, no {@code Resource: *}),
 * instead of the broad grant* helpers whose wildcards cdk-nag rightly flags.
 */
final class AccessPolicies {

    static final List<String> TABLE_READ = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem");
    static final List<String> TABLE_WRITE = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem");

    /** What would change or remove an audit record: denied to every function on the audit table. */
    static final List<String> AUDIT_CHANGES = List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete");

    private AccessPolicies() {}

    static PolicyStatement table(ITable table, List<String> actions, List<String> indexes) {
        List<String> resources = new ArrayList<>();
        resources.add(table.getTableArn());
        for (String index : indexes) {
            resources.add(table.getTableArn() + "/index/" + index);
        }
        return statement(actions, resources);
    }

    /**
     * {@code actions} on the items of {@code table} whose partition key matches one of {@code partitionKeys}
     * ({@code dynamodb:LeadingKeys}, wildcards allowed), not on its indexes:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
     */
    static PolicyStatement ownItems(ITable table, List<String> actions, List<String> partitionKeys) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .conditions(java.util.Map.of("ForAllValues:StringLike",
                        java.util.Map.of("dynamodb:LeadingKeys", partitionKeys)))
                .build();
    }

    /** {@code actions} on the named indexes of {@code table} only. */
    static PolicyStatement indexes(ITable table, List<String> actions, List<String> indexes) {
        return statement(actions, indexes.stream().map(index -> table.getTableArn() + "/index/" + index).toList());
    }

    static PolicyStatement objects(IBucket bucket, String prefix, List<String> actions) {
        return statement(actions, List.of(bucket.arnForObjects(prefix + "*")));
    }

    /**
     * {@code s3:ListBucket} limited by {@code s3:prefix} to one prefix: lets the role tell a missing object from a
     * denied one (S3 answers 403 for both without it) without listing anything else.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html
     */
    static PolicyStatement listPrefix(IBucket bucket, String prefix) {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(java.util.Map.of("StringLike", java.util.Map.of("s3:prefix", List.of(prefix + "*"))))
                .build();
    }

    /**
     * {@code s3:ListBucketVersions} (ListObjectVersions) limited by {@code s3:prefix} to one prefix: what an erasure
     * needs to find every version and delete marker of a document's objects, and nothing else.
     */
    static PolicyStatement listVersions(IBucket bucket, String prefix) {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucketVersions"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(java.util.Map.of("StringLike", java.util.Map.of("s3:prefix", List.of(prefix + "*"))))
                .build();
    }

    static PolicyStatement key(IKey key, List<String> actions) {
        return statement(actions, List.of(key.getKeyArn()));
    }

    static PolicyStatement sendTo(IQueue queue) {
        return statement(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"), List.of(queue.getQueueArn()));
    }

    static PolicyStatement bedrock(BedrockModelAccess access) {
        return statement(BedrockModelAccess.ACTIONS, access.resourceArns());
    }

    static PolicyStatement deny(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(software.amazon.awscdk.services.iam.Effect.DENY)
                .actions(actions).resources(resources).build();
    }

    static PolicyStatement statement(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
