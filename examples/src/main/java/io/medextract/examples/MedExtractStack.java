package io.medextract.examples;

import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.DeploymentStage;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** One stack holding one {@link MedExtractPlatform}, with the outputs a user needs after deploying. */
public final class MedExtractStack extends software.amazon.awscdk.Stack {

    private final MedExtractPlatform platform;

    public MedExtractStack(Construct scope, String id, DeploymentStage stage, String alarmEmail, String corsOrigin) {
        super(scope, id, StackProps.builder()
                .description("MedExtract " + stage.id() + ": LLM-based medical document extraction")
                .build());
        // Prod runs in VPC mode, as a HIPAA deployment would: isolated subnets, the platform's endpoints.
        Vpc vpc = stage == DeploymentStage.PROD ? IsolatedNetwork.create(this, "Network") : null;
        this.platform = new MedExtractPlatform(this, "Platform", MedExtractPlatformProps.builder()
                .stage(stage)
                .alarmEmail(alarmEmail)
                .corsAllowedOrigins(List.of(corsOrigin))
                .vpc(vpc)
                .build());
        if (vpc != null) {
            IsolatedNetwork.addFlowLogs(vpc, platform.getEncryptionKey(), RetentionDays.ONE_YEAR, RemovalPolicy.RETAIN);
        }
        CfnOutput.Builder.create(this, "ApiUrl").value(platform.getApiUrl())
                .description("Base URL; call /api/... with SigV4 (IAM) credentials").build();
        CfnOutput.Builder.create(this, "DocumentBucket").value(platform.getDocumentBucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(platform.getDashboard().getDashboardName()).build();
    }

    public MedExtractPlatform platform() {
        return platform;
    }
}
