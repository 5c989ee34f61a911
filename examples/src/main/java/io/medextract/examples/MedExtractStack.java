package io.medextract.examples;

import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.ApiAuthorization;
import io.medextract.cdk.WebConsoleProps;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** One stack holding one {@link MedExtractPlatform}, with the outputs a user needs after deploying. */
public final class MedExtractStack extends software.amazon.awscdk.Stack {

    private final MedExtractPlatform platform;

    public MedExtractStack(Construct scope, String id, DeploymentStage stage, String alarmEmail, String corsOrigin) {
        this(scope, id, stage, alarmEmail, corsOrigin, null);
    }

    /** Where the web console is served: its own domain (with an ACM certificate in us-east-1) or the cloudfront.net name. */
    public record ConsoleSite(String domainName, String certificateArn, List<String> extraCallbackUrls) {}

    /** With {@code site} set, the web console is on and the API takes Cognito access tokens. */
    public MedExtractStack(Construct scope, String id, DeploymentStage stage, String alarmEmail, String corsOrigin,
                           ConsoleSite site) {
        super(scope, id, StackProps.builder()
                .description("MedExtract " + stage.id() + ": LLM-based medical document extraction")
                .build());
        // Prod runs in VPC mode, as a HIPAA deployment would: isolated subnets, the platform's endpoints.
        WebConsoleProps console = site == null ? null : WebConsoleProps.builder()
                .domainName(site.domainName())
                .certificate(site.certificateArn() == null ? null
                        : Certificate.fromCertificateArn(this, "ConsoleCertificate", site.certificateArn()))
                .extraCallbackUrls(site.extraCallbackUrls())
                .build();
        Vpc vpc = stage == DeploymentStage.PROD ? IsolatedNetwork.create(this, "Network") : null;
        this.platform = new MedExtractPlatform(this, "Platform", MedExtractPlatformProps.builder()
                .stage(stage)
                .alarmEmail(alarmEmail)
                .corsAllowedOrigins(List.of(corsOrigin))
                .vpc(vpc)
                .authorization(console != null ? ApiAuthorization.COGNITO : ApiAuthorization.IAM)
                .webConsole(console)
                .build());
        if (vpc != null) {
            IsolatedNetwork.addFlowLogs(vpc, platform.getEncryptionKey(), RetentionDays.ONE_YEAR, RemovalPolicy.RETAIN);
        }
        CfnOutput.Builder.create(this, "ApiUrl").value(platform.getApiUrl())
                .description(console != null ? "Base URL; call /api/... with a Cognito access token"
                        : "Base URL; call /api/... with SigV4 (IAM) credentials").build();
        if (console != null) {
            CfnOutput.Builder.create(this, "ConsoleUrl").value(platform.getConsoleUrl())
                    .description("The web console; create users in the ConsoleUserPool").build();
            CfnOutput.Builder.create(this, "ConsoleUserPool").value(platform.getConsoleUserPool().getUserPoolId()).build();
        }
        CfnOutput.Builder.create(this, "DocumentBucket").value(platform.getDocumentBucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(platform.getDashboard().getDashboardName()).build();
    }

    public MedExtractPlatform platform() {
        return platform;
    }
}
