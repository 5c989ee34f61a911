package io.medextract.examples;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.medextract.cdk.DeploymentStage;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import java.util.List;
import java.util.Map;

/**
 * The example app: a dev and a prod MedExtract stack, checked by cdk-nag's AWS Solutions, HIPAA Security and
 * NIST 800-53 rev 5 packs on every synth. Environment-agnostic, so it synthesizes without credentials; {@code cdk deploy} takes the account
 * and region of the caller's profile.
 *
 * <p>Context: {@code -c alarmEmail=oncall@example.org} subscribes an address to the prod alarms;
 * {@code -c corsOrigin=https://app.example.org} sets the prod CORS origin;
 * {@code -c consoleDomain=console.example.org -c consoleCertificateArn=arn:aws:acm:us-east-1:...} puts the prod
 * web console on its own domain (TLS 1.2 and newer only).
 */
public final class ExampleApp {

    /** aws-cdk-lib's feature flag that turns its default CloudFormation template validation into errors. */
    public static final String VALIDATE_AGAINST_DEFAULT_RULES = "@aws-cdk/core:validateAgainstDefaultRules";

    private ExampleApp() {}

    public static void main(String[] args) {
        // Template validation findings fail the synth instead of printing warnings. cdk.json sets the same flag for
        // the CDK CLI (its context wins); this covers the Maven build's own synth.
        AppProps.Builder props = AppProps.builder().context(Map.of(VALIDATE_AGAINST_DEFAULT_RULES, true));
        // The CDK CLI passes CDK_OUTDIR; the Maven build passes examples/cdk.out as the first argument.
        if (System.getenv("CDK_OUTDIR") == null && args.length > 0) {
            props.outdir(args[0]);
        }
        App app = new App(props.build());
        build(app);
        app.synth();
    }

    /** Adds both example stacks and the cdk-nag checks to {@code app}; the tests call this too. */
    public static void build(App app) {
        String alarmEmail = (String) app.getNode().tryGetContext("alarmEmail");
        String corsOrigin = (String) app.getNode().tryGetContext("corsOrigin");
        String consoleDomain = (String) app.getNode().tryGetContext("consoleDomain");
        String consoleCertificateArn = (String) app.getNode().tryGetContext("consoleCertificateArn");
        // Both stacks run the web console (API in Cognito mode); dev also lets a developer's Vite server sign in.
        new MedExtractStack(app, "MedExtractDev", DeploymentStage.DEV, null, "http://localhost:3000",
                new MedExtractStack.ConsoleSite(null, null, List.of("http://localhost:5173/")));
        new MedExtractStack(app, "MedExtractProd", DeploymentStage.PROD, alarmEmail,
                corsOrigin != null ? corsOrigin : "https://app.example.org",
                new MedExtractStack.ConsoleSite(consoleDomain, consoleCertificateArn, List.of()));
        addCompliancePacks(app);
    }

    /**
     * cdk-nag's AWS Solutions, HIPAA Security and NIST 800-53 rev 5 packs; each writes its
     * {@code <pack>-<stack>-NagReport.csv} into the cloud assembly on every synth.
     */
    public static void addCompliancePacks(App app) {
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).reports(true).build());
        Aspects.of(app).add(HIPAASecurityChecks.Builder.create().verbose(true).reports(true).build());
        Aspects.of(app).add(NIST80053R5Checks.Builder.create().verbose(true).reports(true).build());
    }
}
