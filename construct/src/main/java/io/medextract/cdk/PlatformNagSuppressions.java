package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * The platform's justified cdk-nag findings (AwsSolutions, HIPAA Security, NIST 800-53 rev 5), each
 * suppressed on exactly one resource with its reason. README.md (Compliance) lists them; the example-app
 * tests prove nothing else is flagged.
 */
final class PlatformNagSuppressions {

    static final String HIPAA = "HIPAA.Security-";
    static final String NIST = "NIST.800.53.R5-";

    private PlatformNagSuppressions() {}

    static void apply(EffectiveSettings settings, DocumentStore store, ExtractionQueue queue,
                      HandlerFunctions functions, PlatformApi api, PlatformBackup backup, SafeDeploys deploys) {
        boolean dev = settings.stage() == DeploymentStage.DEV;
        for (PlatformFunction kind : PlatformFunction.values()) {
            Role role = functions.role(kind);
            if (settings.props().isLambdaInsights()) {
                NagSuppressionMetadata.suppress(role, "AwsSolutions-IAM4",
                        "Lambda Insights needs CloudWatchLambdaInsightsExecutionRolePolicy; it only writes to the"
                                + " /aws/lambda-insights log group",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"));
            }
            if (settings.props().getVpc() != null) {
                NagSuppressionMetadata.suppress(role, "AwsSolutions-IAM4",
                        "Functions in a VPC need AWSLambdaVPCAccessExecutionRole to manage their network interfaces",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
            }
            IConstruct policy = functions.policy(kind);
            NagSuppressionMetadata.suppress(policy, "AwsSolutions-IAM5",
                    "Resource * only on xray:PutTraceSegments/PutTelemetryRecords, which support no resource-level"
                            + " permissions (active tracing)",
                    List.of("Resource::*"));
            if (kind == PlatformFunction.UPLOAD || kind == PlatformFunction.EXTRACT) {
                NagSuppressionMetadata.suppress(policy, "AwsSolutions-IAM5",
                        "Object access is limited to the documents bucket's uploads/ prefix; object keys are"
                                + " generated per document, so a prefix wildcard is the narrowest grant",
                        List.of(Map.of("regex", "/^Resource::<.*Documents.*\\.Arn>\\/uploads\\/\\*$/")));
            }
            if (kind != PlatformFunction.METRICS) {
                NagSuppressionMetadata.suppress(policy, "AwsSolutions-IAM5",
                        "Evaluation set documents live under the documents bucket's evaluation/ prefix (and imports"
                                + " under evaluation-imports/); keys are generated per document or named by the user's"
                                + " set, so a prefix wildcard is the narrowest grant (upload: only to erase every"
                                + " version of one document's objects)",
                        List.of(Map.of("regex", "/^Resource::<.*Documents.*\\.Arn>\\/evaluation(-imports)?\\/\\*$/")));
            }
            IConstruct function = functions.function(kind);
            String devReason = "DEV stage, for test data without PHI (README, Compliance): ";
            if (dev && settings.props().getVpc() == null) {
                suppressBoth(function, "LambdaInsideVPC", devReason + "runs outside a VPC to spare the interface"
                        + " endpoints' hourly cost; staging/prod take the vpc prop");
            }
            if (dev && !settings.function(kind).hasReservedConcurrency()) {
                suppressBoth(function, "LambdaConcurrency", devReason + "keeps the shared pool, since new accounts'"
                        + " concurrency quota leaves no room to reserve (Lambda keeps 100 unreserved)");
            }
        }
        if (dev && backup == null) {
            for (IConstruct table : List.of(store.resultsTable(), store.experimentsTable(), store.auditTable())) {
                suppressBoth(table, "DynamoDBInBackupPlan", "DEV stage, for test data without PHI (README,"
                        + " Compliance): no AWS Backup plan by default; point-in-time recovery stays on; backup(true)"
                        + " adds one");
            }
        }
        NagSuppressionMetadata.suppress(queue.asyncFailureQueue(), "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of asynchronous invocations; its messages are"
                        + " kept 14 days and alarmed on",
                List.of());
        NagSuppressionMetadata.suppress(queue.uploadEventsDeadLetterQueue(), "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of the upload-event rule's target; its messages are"
                        + " kept 14 days and alarmed on",
                List.of());
        if (settings.props().isApiCloudWatchRole()) {
            NagSuppressionMetadata.suppress(api.api().getNode().findChild("CloudWatchRole"), "AwsSolutions-IAM4",
                    "API Gateway's account-level logging role uses the AWS managed push-to-CloudWatch policy;"
                            + " disable with apiCloudWatchRole(false) where the account already has one",
                    List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        }
        if (settings.props().getAuthorization() == ApiAuthorization.IAM) {
            for (Method method : api.methods()) {
                NagSuppressionMetadata.suppress(method, "AwsSolutions-COG4",
                        "The method requires IAM (SigV4) authorization; Cognito is available through"
                                + " authorization(COGNITO)",
                        List.of());
            }
        }
        IConstruct stage = api.api().getDeploymentStage();
        suppressBoth(stage, "APIGWCacheEnabledAndEncrypted", "No API cache on purpose: responses are per caller"
                + " and hold PHI that changes as extractions finish; a cache would keep PHI outside the platform key");
        suppressBoth(stage, "APIGWSSLEnabled", "The rule asks for a client certificate towards HTTP backends; every"
                + " integration is a Lambda proxy integration, which API Gateway calls over AWS's signed API");
        if (store.accessLogBucket() != null) {
            suppressBoth(store.accessLogBucket(), "S3DefaultEncryptionKMS", "S3 server access log delivery supports"
                    + " only SSE-S3 on the target bucket; the logs hold request metadata, no document content");
            suppressBoth(store.accessLogBucket(), "S3BucketReplicationEnabled", "Access logs are the documents"
                    + " bucket's audit trail and stay in its region; they are versioned and expire per stage");
            if (store.replicationRole() == null) {
                suppressBoth(store.documentBucket(), "S3BucketReplicationEnabled", "Cross-region replication is"
                        + " opt-in (replicationBucket) so PHI leaves the region only by choice; versioning and AWS"
                        + " Backup cover recovery");
            } else {
                NagSuppressionMetadata.suppress(store.replicationRole().getNode().getScope().getNode()
                                .findChild("ReplicationRolePolicy"), "AwsSolutions-IAM5",
                        "S3 replication reads every object version of the documents bucket and writes every"
                                + " replica of the replication bucket: object wildcards on exactly those two buckets",
                        List.of(Map.of("regex", "/^Resource::<.*Documents.*\\.Arn>\\/\\*$/"),
                                Map.of("regex", "/^Resource::.*\\/\\*$/")));
            }
        }
        NagSuppressionMetadata.suppress(deploys.role(), "AwsSolutions-IAM4",
                "CodeDeploy's documented service-role policy for Lambda deployments (alias updates, alarm reads)",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/" + SafeDeploys.SERVICE_ROLE_POLICY));
        if (backup != null) {
            NagSuppressionMetadata.suppress(backup.role(), "AwsSolutions-IAM4",
                    "AWS Backup's documented service-role policies for DynamoDB and S3 backups and restores",
                    PlatformBackup.ROLE_POLICIES.stream()
                            .map(p -> "Policy::arn:<AWS::Partition>:iam::aws:policy/" + p).toList());
        }
    }

    private static void suppressBoth(IConstruct construct, String rule, String reason) {
        NagSuppressionMetadata.suppress(construct, HIPAA + rule, reason, List.of());
        NagSuppressionMetadata.suppress(construct, NIST + rule, reason, List.of());
    }
}
