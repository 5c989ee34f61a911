package io.medextract.cdk;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.IVpc;
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

    PrivateNetworking(Construct scope, String id, EffectiveSettings settings) {
        super(scope, id);
        IVpc vpc = settings.props().getVpc();
        for (PlatformVpcEndpoint endpoint : needed(settings.props())) {
            if (endpoint.isGateway()) {
                GatewayVpcEndpoint.Builder.create(this, endpoint.constructId()).vpc(vpc)
                        .service(endpoint.gatewayService()).build();
            } else {
                InterfaceVpcEndpoint.Builder.create(this, endpoint.constructId())
                        .vpc(vpc)
                        .service(endpoint.interfaceService())
                        .privateDnsEnabled(true)
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

    List<PlatformVpcEndpoint> created() {
        return List.copyOf(created);
    }
}
