package io.medextract.cdk;

import java.util.List;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ReplicationRule;
import software.constructs.Construct;

/**
 * Optional replication of the documents bucket to another (normally cross-region) bucket. The role's
 * permissions sit in a customer managed policy (no inline policies): the documented set for replicating
 * SSE-KMS objects, https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 */
final class DocumentReplication {

    private DocumentReplication() {}

    static Role role(Construct scope, String id, IKey sourceKey, IBucket destination, IKey destinationKey) {
        Role role = Role.Builder.create(scope, id)
                .assumedBy(new ServicePrincipal("s3.amazonaws.com"))
                .description("Replicates MedExtract documents to the replication bucket")
                .build();
        ManagedPolicy policy = ManagedPolicy.Builder.create(scope, id + "Policy").roles(List.of(role)).build();
        // The source bucket needs this role before it exists; its statements follow in grantSource.
        policy.addStatements(
                statement(List.of("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"),
                        List.of(destination.arnForObjects("*"))),
                statement(List.of("kms:Decrypt"), List.of(sourceKey.getKeyArn())));
        policy.addStatements(statement(List.of("kms:Encrypt"), List.of(destinationKey.getKeyArn())));
        return role;
    }

    /** Permissions on the source bucket, added once it exists. */
    static void grantSource(Role role, IBucket source) {
        ManagedPolicy policy = (ManagedPolicy) role.getNode().getScope().getNode().findChild(role.getNode().getId() + "Policy");
        policy.addStatements(
                statement(List.of("s3:GetReplicationConfiguration", "s3:ListBucket"), List.of(source.getBucketArn())),
                statement(List.of("s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging"), List.of(source.arnForObjects("*"))));
    }

    static ReplicationRule rule(IBucket destination, IKey destinationKey) {
        // Documents are SSE-KMS objects: S3 replicates them only when the rule names the replica key.
        return ReplicationRule.builder()
                .destination(destination)
                .priority(0)
                .deleteMarkerReplication(false)
                .sseKmsEncryptedObjects(true)
                .kmsKey(destinationKey)
                .build();
    }

    private static PolicyStatement statement(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
