package io.medextract.tests;

import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.DeploymentStage;
import io.medextract.examples.IsolatedNetwork;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * A prod platform with every optional feature on: VPC mode with endpoints, WAF (with logging), CORS, alarm
 * e-mail, AWS Backup, replication of the documents bucket, Lambda Insights, a platform name.
 */
final class AllFeaturesStack {

    private AllFeaturesStack() {}

    static MedExtractPlatform add(App app, String id) {
        Stack stack = new Stack(app, id);
        Vpc vpc = IsolatedNetwork.create(stack, "Network");
        // A versioned bucket and its key in another region, made there by their own stack.
        IKey replicaKey = Key.fromKeyArn(stack, "ReplicaKey",
                "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        IBucket replica = Bucket.fromBucketArn(stack, "Replica", "arn:aws:s3:::medextract-replica-us-west-2");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD)
                .platformName("claims-intake")
                .alarmEmail("oncall@example.org")
                .corsAllowedOrigins(List.of("https://app.example.org"))
                .vpc(vpc)
                // us-east-1's S3 and DynamoDB prefix lists: egress only to the endpoints
                .gatewayEndpointPrefixListIds(List.of("pl-63a5400a", "pl-02cd2c6b"))
                .replicationBucket(replica)
                .replicationKey(replicaKey)
                // The web console on its own domain: TLS 1.2 and newer only, Cognito threat protection.
                .authorization(io.medextract.cdk.ApiAuthorization.COGNITO)
                .webConsole(io.medextract.cdk.WebConsoleProps.builder()
                        .domainName("console.example.org")
                        .certificate(software.amazon.awscdk.services.certificatemanager.Certificate.fromCertificateArn(
                                stack, "ConsoleCertificate",
                                "arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"))
                        .cognitoDomainPrefix("claims-intake-console")
                        .build())
                .build());
        IsolatedNetwork.addFlowLogs(vpc, platform.getEncryptionKey(), RetentionDays.ONE_YEAR, RemovalPolicy.RETAIN);
        return platform;
    }
}
