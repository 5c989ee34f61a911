package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/** With a VPC, the functions run in it and reach AWS services through endpoints. */
class VpcTemplateTest {

    @Test
    void functionsRunInTheVpcWithEndpointsForEveryServiceTheyCall() {
        App app = new App();
        Stack stack = new Stack(app, "Vpc");
        Vpc vpc = Vpc.Builder.create(stack, "Network").maxAzs(2).natGateways(0).build();
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(Stage.PROD).vpc(vpc).build());
        Template t = Template.fromStack(stack);
        t.findResources("AWS::Lambda::Function").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Handler")).startsWith("io.medextract"))
                .forEach(p -> assertThat(p).containsKey("VpcConfig"));
        Map<String, Map<String, Object>> endpoints = t.findResources("AWS::EC2::VPCEndpoint");
        assertThat(endpoints).hasSize(5);
        String all = endpoints.values().toString();
        assertThat(all).contains(".s3").contains(".dynamodb").contains(".sqs").contains(".kms").contains("bedrock-runtime");
    }

    @Test
    void vpcOptionsNeedAVpc() {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(Stage.DEV).vpcEndpoints(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need vpc");
    }
}
