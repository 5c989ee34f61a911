package io.medextract.examples;

import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.Stage;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** One stack holding one {@link MedExtractPlatform}, with the outputs a user needs after deploying. */
public final class MedExtractStack extends software.amazon.awscdk.Stack {

    private final MedExtractPlatform platform;

    public MedExtractStack(Construct scope, String id, Stage stage, String alarmEmail, String corsOrigin) {
        super(scope, id, StackProps.builder()
                .description("MedExtract " + stage.id() + ": LLM-based medical document extraction")
                .build());
        this.platform = new MedExtractPlatform(this, "Platform", MedExtractPlatformProps.builder()
                .stage(stage)
                .alarmEmail(alarmEmail)
                .corsAllowedOrigins(List.of(corsOrigin))
                .build());
        CfnOutput.Builder.create(this, "ApiUrl").value(platform.getApiUrl())
                .description("Base URL; call /api/... with SigV4 (IAM) credentials").build();
        CfnOutput.Builder.create(this, "DocumentBucket").value(platform.getDocumentBucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(platform.getDashboard().getDashboardName()).build();
    }

    public MedExtractPlatform platform() {
        return platform;
    }
}
