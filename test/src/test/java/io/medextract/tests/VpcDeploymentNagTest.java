package io.medextract.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.DeploymentStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.Vpc;

/** The VPC deployment option passes cdk-nag's AwsSolutions pack too. */
class VpcDeploymentNagTest {

    @Test
    void platformInAVpcHasNoUnsuppressedErrors() {
        App app = new App();
        Stack stack = new Stack(app, "MedExtractVpc");
        Vpc vpc = Vpc.Builder.create(stack, "Network").maxAzs(2).natGateways(0)
                .flowLogs(Map.of("all", FlowLogOptions.builder().build())).build();
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).vpc(vpc).build());
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().build());
        app.synth();
        List<String> errors = Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
        assertThat(errors).isEmpty();
    }
}
