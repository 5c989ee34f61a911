package io.medextract.cdk;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.constructs.Construct;

/**
 * VPC endpoints for the services the functions call, so a VPC deployment needs no NAT gateway and its
 * traffic to AWS services never leaves the AWS network. Endpoints the VPC already has are not created again:
 * a second interface endpoint with private DNS for the same service, or a second gateway route in the same
 * route table, fails the deployment.
 */
final class PrivateNetworking extends Construct {

    private final List<PlatformVpcEndpoint> created = new ArrayList<>();

    private final SecurityGroup endpointSecurityGroup;

    PrivateNetworking(Construct scope, String id, EffectiveSettings settings, ISecurityGroup functions) {
        super(scope, id);
        IVpc vpc = settings.props().getVpc();
        // One group for the interface endpoints, admitting HTTPS from the functions' group only (not the VPC's
        // CIDR block, which CDK's default would allow and which cdk-nag cannot evaluate as a token).
        this.endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpc(vpc)
                // EC2 accepts only a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$* in a group description (no
                // apostrophe): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
                .description("MedExtract interface endpoints: HTTPS from the functions of the platform")
                .allowAllOutbound(false)
                .build();
        endpointSecurityGroup.addIngressRule(functions, Port.tcp(443), "HTTPS from the MedExtract functions");
        for (PlatformVpcEndpoint endpoint : needed(settings.props())) {
            if (endpoint.isGateway()) {
                GatewayVpcEndpoint.Builder.create(this, endpoint.constructId()).vpc(vpc)
                        .service(endpoint.gatewayService()).build();
            } else {
                InterfaceVpcEndpoint.Builder.create(this, endpoint.constructId())
                        .vpc(vpc)
                        .service(endpoint.interfaceService())
                        .privateDnsEnabled(true)
                        .open(false)
                        .securityGroups(List.of(endpointSecurityGroup))
                        .subnets(settings.props().getVpcSubnets())
                        .build();
            }
            created.add(endpoint);
        }
    }

    /** Every endpoint the functions need, less those the VPC already has. */
    static Set<PlatformVpcEndpoint> needed(MedExtractPlatformProps props) {
        Set<PlatformVpcEndpoint> needed = EnumSet.allOf(PlatformVpcEndpoint.class);
        if (!props.isLambdaInsights()) {
            needed.remove(PlatformVpcEndpoint.CLOUDWATCH_LOGS);
        }
        needed.removeAll(props.getExistingVpcEndpoints());
        return needed;
    }

    SecurityGroup endpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    List<PlatformVpcEndpoint> created() {
        return List.copyOf(created);
    }
}
