package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where documents and results live.
 *
 * <p>Results table (single table, keys {@code pk}/{@code sk}):
 * <ul>
 *   <li>document: {@code DOC#<documentId>} / {@code META} (owner, retention instant in the TTL attribute
 *       {@code expiresAt}); after an erasure only its tombstone {@code DOC#<documentId>} / {@code TOMBSTONE}</li>
 *   <li>extraction: {@code DOC#<documentId>} / {@code EXT#<extractionId>} (ids sort by time, so the newest
 *       extraction of a document is one descending query)</li>
 *   <li>a caller's active requested extraction of a document: {@code DOC#<documentId>} / {@code ACTIVE#<caller>}</li>
 *   <li>a caller's token bucket: {@code LIMIT#<caller>} / {@code extractions} or {@code evaluation-documents}</li>
 *   <li>hourly rollup: {@code ROLLUP#<yyyy-MM>} / {@code <hour>#<promptVersion>#<modelId>}, and the hour's mark
 *       {@code <hour>#~mark} (the watermark it was rolled up to)</li>
 *   <li>GSI {@code byExtractionId} ({@code extractionId}): GET /api/extract/{extractionId}</li>
 *   <li>GSI {@code byCompletedHour} ({@code completedHour}, {@code completedAt}): the hourly rollup reads one
 *       hour's finished extractions</li>
 *   <li>GSI {@code byExperiment} ({@code experimentId}, {@code completedAt}): experiment results</li>
 * </ul>
 * Experiments table ({@code pk}/{@code sk}): experiment {@code EXP#<id>}/{@code META}, prompt label
 * {@code LABEL#<name>}/{@code CURRENT} with its audit trail {@code LABEL#<name>}/{@code AUDIT#<time>}, and
 * GSI {@code byStatus} ({@code status}, {@code createdAt}) to find running experiments and list one status, and
 * GSI {@code byCreated} ({@code entity}, {@code createdAt}) to list all experiments newest first.
 *
 * <p>Audit table ({@code pk}/{@code sk}), append-only: one item per audited change, e.g. a prompt label move
 * {@code LABEL#<name>} / {@code <time>#<action>#<experimentId>}, written in the same transaction as the change. The
 * functions may only {@code PutItem} into it (no read, update or delete) and always write with
 * {@code attribute_not_exists(pk)}, so a record is never overwritten; no TTL. Records of releases before this table
 * stay in the experiments table ({@code LABEL#<name>} / {@code AUDIT#<time>#<experimentId>}).
 */
final class DocumentStore extends Construct {

    static final String UPLOAD_PREFIX = "uploads/";
    /** Evaluation set documents: outside uploads/, so no S3 event starts a production extraction for them. */
    static final String EVALUATION_PREFIX = "evaluation/";
    /** Where users put evaluation sets to import (case folders of document + expected.json). */
    static final String EVALUATION_IMPORT_PREFIX = "evaluation-imports/";
    static final List<String> RESULTS_INDEXES = List.of("byExtractionId", "byCompletedHour", "byExperiment");
    static final List<String> EXPERIMENTS_INDEXES = List.of("byStatus", "byCreated");
    /** What the rollup and the experiment analysis read of an extraction. */
    static final List<String> MEASUREMENT_ATTRIBUTES = List.of("documentId", "extractionId", "status",
            "promptVersion", "modelId", "trigger", "requestedAt", "latencyMs", "inputTokens", "outputTokens",
            "costUsd", "schemaValid", "fieldCompleteness", "filledFields", "schemaFields", "entityCounts",
            "stopReason", "errorCategory", "variant", "attempts");

    private final IBucket documentBucket;
    private final Bucket accessLogBucket;
    private final Table resultsTable;
    private final Table experimentsTable;
    private final Table auditTable;
    private software.amazon.awscdk.services.iam.Role replicationRole;

    DocumentStore(Construct scope, String id, EffectiveSettings settings, Encryption encryption) {
        super(scope, id);
        IBucket existing = settings.props().getExistingBucket();
        if (existing != null) {
            this.accessLogBucket = null;
            this.documentBucket = existing;
            if (!settings.corsAllowedOrigins().isEmpty()) {
                // An imported bucket cannot be changed here: browsers' presigned PUTs need its CORS rule.
                software.amazon.awscdk.Annotations.of(this).addWarningV2("@medextract/cdk:existingBucketCors",
                        "corsAllowedOrigins is not applied to existingBucket: add a CORS rule allowing PUT from "
                                + String.join(", ", settings.corsAllowedOrigins())
                                + " to that bucket yourself, or browsers cannot use presigned uploads");
            }
        } else {
            this.accessLogBucket = Bucket.Builder.create(this, "AccessLogs")
                    // SSE-S3 on purpose: S3 server access log delivery supports only SSE-S3 (SSE-KMS is not
                    // supported for the target bucket), so the KMS-only rules are suppressed here with this reason.
                    .encryption(BucketEncryption.S3_MANAGED)
                    .versioned(true)
                    .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                    .enforceSsl(true)
                    .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                    .lifecycleRules(List.of(LifecycleRule.builder()
                            .id("expire-access-logs")
                            .expiration(Duration.days(settings.values().accessLogExpirationDays()))
                            .noncurrentVersionExpiration(Duration.days(1))
                            .build()))
                    .removalPolicy(settings.values().removalPolicy())
                    .autoDeleteObjects(settings.values().autoDeleteObjects())
                    .build();
            this.documentBucket = createDocumentBucket(settings, encryption);
        }
        this.resultsTable = table("Results", settings, encryption, true);
        // The metrics and experiment indexes carry the measurements only, never the extracted result: the
        // hourly rollup and the experiment analysis read every item of an hour or an experiment.
        resultsTable.addGlobalSecondaryIndex(index("byExtractionId", "extractionId", null, List.of("documentId")));
        resultsTable.addGlobalSecondaryIndex(index("byCompletedHour", "completedHour", "completedAt",
                concat(MEASUREMENT_ATTRIBUTES, List.of("experimentId"))));
        resultsTable.addGlobalSecondaryIndex(index("byExperiment", "experimentId", "completedAt",
                MEASUREMENT_ATTRIBUTES));
        this.experimentsTable = table("Experiments", settings, encryption, true);
        experimentsTable.addGlobalSecondaryIndex(index("byStatus", "status", "createdAt", null));
        experimentsTable.addGlobalSecondaryIndex(byCreatedIndex());
        // Audit records never expire: no TTL attribute.
        this.auditTable = table("Audit", settings, encryption, false);
    }

    private Bucket createDocumentBucket(EffectiveSettings settings, Encryption encryption) {
        Bucket.Builder builder = Bucket.Builder.create(this, "Documents")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(encryption.key())
                .bucketKeyEnabled(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogBucket)
                .serverAccessLogsPrefix("documents/")
                .lifecycleRules(lifecycleRules(settings))
                .removalPolicy(settings.values().removalPolicy())
                .autoDeleteObjects(settings.values().autoDeleteObjects());
        IBucket replica = settings.props().getReplicationBucket();
        if (replica != null) {
            this.replicationRole = DocumentReplication.role(this, "ReplicationRole", encryption.key(), replica,
                    settings.props().getReplicationKey());
            builder.replicationRole(replicationRole.withoutPolicyUpdates())
                    .replicationRules(List.of(DocumentReplication.rule(replica, settings.props().getReplicationKey())));
        }
        List<String> origins = settings.corsAllowedOrigins();
        if (!origins.isEmpty()) {
            // Browsers PUT large files straight to S3 with the presigned URL from POST /api/upload.
            builder.cors(List.of(CorsRule.builder()
                    .allowedMethods(List.of(HttpMethods.PUT))
                    .allowedOrigins(origins)
                    .allowedHeaders(List.of("*"))
                    .maxAge(3000)
                    .build()));
        }
        Bucket bucket = builder.build();
        requirePlatformKey(bucket, encryption.key());
        if (replicationRole != null) {
            DocumentReplication.grantSource(replicationRole, bucket);
        }
        // S3 -> EventBridge is a bucket property: set on the L1 resource so CDK needs no custom-resource
        // Lambda (with its managed-policy role) to wire the notification.
        CfnBucket cfn = (CfnBucket) bucket.getNode().getDefaultChild();
        cfn.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder()
                        .eventBridgeEnabled(true)
                        .build())
                .build());
        return bucket;
    }

    /**
     * Every object written to the bucket is encrypted with the platform key. A write without encryption headers takes
     * the bucket's default (SSE-KMS with that key), so presigned browser uploads and the functions' writes need none;
     * the policy denies every write that names something else: another algorithm (SSE-S3, DSSE), {@code aws:kms}
     * without a key (S3 would use the AWS managed key {@code aws/s3}), another key, or a customer-provided key
     * (SSE-C, which default encryption would not replace). Requiring the headers instead would break restores and
     * console uploads that send none. CopyObject and multipart uploads are authorized as {@code s3:PutObject} too.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
     */
    private static void requirePlatformKey(Bucket bucket, IKey key) {
        String sse = "s3:x-amz-server-side-encryption";
        String sseKey = "s3:x-amz-server-side-encryption-aws-kms-key-id";
        bucket.addToResourcePolicy(denyPut(bucket, "DenyEncryptionOtherThanKms", Map.of(
                "Null", Map.of(sse, "false"),
                "StringNotEquals", Map.of(sse, "aws:kms"))));
        bucket.addToResourcePolicy(denyPut(bucket, "DenyKmsWithoutThePlatformKey", Map.of(
                "StringEquals", Map.of(sse, "aws:kms"),
                "Null", Map.of(sseKey, "true"))));
        bucket.addToResourcePolicy(denyPut(bucket, "DenyKeysOtherThanThePlatformKey", Map.of(
                "Null", Map.of(sseKey, "false"),
                "StringNotEquals", Map.of(sseKey, key.getKeyArn()))));
        bucket.addToResourcePolicy(denyPut(bucket, "DenyCustomerProvidedKeys", Map.of(
                "Null", Map.of("s3:x-amz-server-side-encryption-customer-algorithm", "false"))));
    }

    private static PolicyStatement denyPut(Bucket bucket, String sid, Map<String, Object> conditions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(conditions)
                .build();
    }

    /**
     * Old versions expire after the stage's noncurrentVersionExpirationDays; with {@code retention}, every object (any
     * prefix: uploads, evaluation documents, imports) also expires that many days after it was written, which in a
     * versioned bucket makes it a noncurrent version behind a delete marker, and the marker goes once the version has
     * (ExpiredObjectDeleteMarker cannot share a rule with a Days expiration:
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html).
     */
    private static List<LifecycleRule> lifecycleRules(EffectiveSettings settings) {
        LifecycleRule.Builder versions = LifecycleRule.builder()
                .id("expire-old-versions")
                .noncurrentVersionExpiration(Duration.days(settings.values().noncurrentVersionExpirationDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(1));
        software.amazon.awscdk.Duration retention = settings.props().getRetention();
        if (retention == null) {
            return List.of(versions.build());
        }
        return List.of(versions.expiredObjectDeleteMarker(true).build(), LifecycleRule.builder()
                .id("expire-after-retention")
                .expiration(retention)
                .build());
    }

    private Table table(String id, EffectiveSettings settings, Encryption encryption, boolean timeToLive) {
        Table.Builder builder = Table.Builder.create(this, id)
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(encryption.key())
                .deletionProtection(settings.values().tableDeletionProtection())
                .removalPolicy(settings.values().removalPolicy());
        if (timeToLive) {
            builder.timeToLiveAttribute("expiresAt");
        }
        return builder.build();
    }

    /**
     * The experiment list, newest first, one Query per page: partition {@code entity}, sort {@code createdAt}. The
     * list asks for {@code entity = "experiment"}; the index is sparse (only items with both attributes: experiments,
     * evaluation sets and runs, each kind in its own partition; labels, locks, audit, documents and history points
     * have no {@code createdAt}). Every experiment item ever written carries both attributes, so DynamoDB fills the
     * index from existing items when it is added and no backfill is needed.
     *
     * <p>Hot partition: all experiments share one partition key value, which is fine at experiment volumes. A
     * partition serves 3 000 read and 1 000 write units per second
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html); experiments
     * are created and changed a few times a day and the list is read by people, so the partition sees a handful of
     * units per second at most. A sharded key would turn each page into one Query per shard plus a merge.
     *
     * <p>Projection ALL: the list shows whole experiments (keys only would need a read per item), and a projection
     * cannot be changed later without deleting and re-creating the index. The evaluation set and run items that also
     * land in it cost one more index write each, a few per evaluation run.
     *
     * <p>Upgrades: CloudFormation creates or deletes at most one GSI per table in one stack update and does not wait
     * for a new index to become ACTIVE (see the handler's ExperimentPages, which lists through byStatus meanwhile;
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html#cfn-dynamodb-table-globalsecondaryindexes).
     * A release may therefore add only this one index to this table.
     */
    private static GlobalSecondaryIndexProps byCreatedIndex() {
        return index("byCreated", "entity", "createdAt", null);
    }

    /** null {@code projected}: every attribute; otherwise keys plus these attributes. */
    private static GlobalSecondaryIndexProps index(String name, String partitionKey, String sortKey,
                                                   List<String> projected) {
        GlobalSecondaryIndexProps.Builder b = GlobalSecondaryIndexProps.builder()
                .indexName(name)
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build());
        if (sortKey != null) {
            b.sortKey(Attribute.builder().name(sortKey).type(AttributeType.STRING).build());
        }
        if (projected != null) {
            b.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(projected);
        }
        return b.build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    IBucket documentBucket() {
        return documentBucket;
    }

    Bucket accessLogBucket() {
        return accessLogBucket;
    }

    Table resultsTable() {
        return resultsTable;
    }

    /** The role S3 replicates documents with, or null without {@code replicationBucket}. */
    software.amazon.awscdk.services.iam.Role replicationRole() {
        return replicationRole;
    }

    Table experimentsTable() {
        return experimentsTable;
    }

    /** The append-only audit table. */
    Table auditTable() {
        return auditTable;
    }
}
