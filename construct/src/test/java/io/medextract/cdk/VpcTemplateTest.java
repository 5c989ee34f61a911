package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/** With a VPC, the functions run in it and reach AWS services through endpoints. */
class VpcTemplateTest {

    private final Stack stack = new Stack(new App(), "Vpc");
    private final Vpc vpc = Vpc.Builder.create(stack, "Network").maxAzs(2).natGateways(0).build();

    @Test
    void functionsRunInTheVpcWithEndpointsForEveryServiceTheyCall() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).vpc(vpc).build());
        Template t = Template.fromStack(stack);
        t.findResources("AWS::Lambda::Function").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Handler")).startsWith("io.medextract"))
                .forEach(p -> assertThat(p).containsKey("VpcConfig"));
        Map<String, Map<String, Object>> endpoints = t.findResources("AWS::EC2::VPCEndpoint");
        assertThat(endpoints).hasSize(7);
        String all = endpoints.values().toString();
        assertThat(all).contains(".s3").contains(".dynamodb").contains(".sqs").contains(".kms")
                .contains("bedrock-runtime").contains(".logs").contains(".xray");
    }

    @Test
    void everyFunctionThePlatformCreatesRunsInTheVpcTheConsolesToo() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).vpc(vpc)
                .authorization(ApiAuthorization.COGNITO).webConsole(WebConsoleProps.builder().build()).build());
        Template t = Template.fromStack(stack);
        Map<String, Map<String, Object>> functions = t.findResources("AWS::Lambda::Function");
        // four handlers, the console's scope trigger and its files' deployment; no auto-delete provider in a VPC
        assertThat(functions).hasSize(6).allSatisfy((id, f) -> assertThat(map(f.get("Properties"))).as(id)
                .containsKey("VpcConfig"));
        t.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
        // the trigger opens no connection: its own group allows no traffic out
        String trigger = WebConsoleTemplateTest.json(functions.entrySet().stream()
                .filter(e -> e.getKey().contains("ScopesByGroup")).findFirst().orElseThrow().getValue());
        String group = t.findResources("AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> trigger.contains(e.getKey())).map(e -> WebConsoleTemplateTest.json(e.getValue()))
                .findFirst().orElseThrow();
        assertThat(group).contains("\"CidrIp\":\"255.255.255.255/32\"").doesNotContain("0.0.0.0/0");
    }

    @Test
    void noLogsEndpointWithoutLambdaInsights() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).vpc(vpc)
                .lambdaInsights(false).build());
        String all = Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint").values().toString();
        assertThat(all).doesNotContain(".logs").contains(".xray");
    }

    @Test
    void secondPlatformInTheSameVpcCreatesNoEndpointTheFirstAlreadyMade() {
        new MedExtractPlatform(stack, "First", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).vpc(vpc).build());
        new MedExtractPlatform(stack, "Second", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).vpc(vpc)
                .existingVpcEndpoints(List.of(PlatformVpcEndpoint.values())).build());

        Map<String, Map<String, Object>> endpoints = Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint");
        assertThat(endpoints).hasSize(7).allSatisfy((id, r) -> assertThat(id).startsWith("First"));
        // one private-DNS interface endpoint per service: a duplicate would fail the deployment
        List<Object> services = endpoints.values().stream().map(r -> map(r.get("Properties")).get("ServiceName")).toList();
        assertThat(services.stream().map(String::valueOf).distinct()).hasSize(services.size());
    }

    @Test
    void onlyTheEndpointsTheVpcLacksAreCreated() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).vpc(vpc)
                .existingVpcEndpoints(List.of(PlatformVpcEndpoint.S3, PlatformVpcEndpoint.KMS)).build());
        String all = Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint").values().toString();
        assertThat(all).doesNotContain(".s3\"").doesNotContain(".kms").contains(".dynamodb").contains(".sqs");
    }

    @Test
    void withTheGatewayPrefixListsEgressIsOnlyHttpsToTheVpcAndThoseLists() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).vpc(vpc)
                .gatewayEndpointPrefixListIds(List.of("pl-63a5400a", "pl-02cd2c6b")).build());
        Template t = Template.fromStack(stack);
        // Prefix-list rules are separate egress resources; CIDR rules sit inline on the group.
        String groups = t.findResources("AWS::EC2::SecurityGroup").toString()
                + t.findResources("AWS::EC2::SecurityGroupEgress").toString();

        assertThat(groups).contains("DestinationPrefixListId=pl-63a5400a").contains("DestinationPrefixListId=pl-02cd2c6b")
                .doesNotContain("CidrIp=0.0.0.0/0");
    }

    @Test
    void withoutThemEgressIsHttpsToAnyAddressAndNothingElse() {
        new MedExtractPlatform(stack, "P", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).vpc(vpc).build());
        Template t = Template.fromStack(stack);
        String groups = t.findResources("AWS::EC2::SecurityGroup").toString()
                + t.findResources("AWS::EC2::SecurityGroupEgress").toString();

        assertThat(groups).contains("CidrIp=0.0.0.0/0").doesNotContain("DestinationPrefixListId");
    }

    @Test
    void vpcOptionsNeedAVpc() {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).vpcEndpoints(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need vpc");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .existingVpcEndpoints(List.of(PlatformVpcEndpoint.SQS)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need vpc");
    }
}
