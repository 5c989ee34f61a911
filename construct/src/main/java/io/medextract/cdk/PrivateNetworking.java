package io.medextract.cdk;

import java.util.List;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.constructs.Construct;

/**
 * VPC endpoints for the services the functions call, so a VPC deployment needs no NAT gateway and its
 * traffic to S3, DynamoDB, SQS, KMS and Bedrock never leaves the AWS network.
 */
final class PrivateNetworking extends Construct {

    PrivateNetworking(Construct scope, String id, EffectiveSettings settings) {
        super(scope, id);
        IVpc vpc = settings.props().getVpc();
        // Created in this construct's scope (not the VPC's), so several platforms can share one VPC.
        GatewayVpcEndpoint.Builder.create(this, "S3").vpc(vpc).service(GatewayVpcEndpointAwsService.S3).build();
        GatewayVpcEndpoint.Builder.create(this, "DynamoDb").vpc(vpc).service(GatewayVpcEndpointAwsService.DYNAMODB).build();
        for (InterfaceVpcEndpointAwsService service : List.of(InterfaceVpcEndpointAwsService.SQS,
                InterfaceVpcEndpointAwsService.KMS, InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME)) {
            InterfaceVpcEndpoint.Builder.create(this, endpointId(service))
                    .vpc(vpc)
                    .service(service)
                    .privateDnsEnabled(true)
                    .subnets(settings.props().getVpcSubnets())
                    .build();
        }
    }

    private static String endpointId(InterfaceVpcEndpointAwsService service) {
        String name = service.getShortName();
        StringBuilder id = new StringBuilder();
        for (String part : name.split("[-.]")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString() + "Endpoint";
    }
}
