package io.medextract.cdk;

import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;

/**
 * The VPC endpoints a platform in a VPC without internet access needs: one per AWS service its functions
 * call. List the ones your VPC already has in {@code existingVpcEndpoints}: AWS allows one interface
 * endpoint with private DNS per service in a VPC, and one gateway route per service in a route table, so a
 * second platform (or an endpoint your network team made) in the same VPC must not create them again.
 */
public enum PlatformVpcEndpoint {
    S3(GatewayVpcEndpointAwsService.S3, null),
    DYNAMODB(GatewayVpcEndpointAwsService.DYNAMODB, null),
    SQS(null, InterfaceVpcEndpointAwsService.SQS),
    KMS(null, InterfaceVpcEndpointAwsService.KMS),
    BEDROCK_RUNTIME(null, InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME),
    /** CloudWatch Logs: the Lambda Insights extension sends its records from inside the VPC. Only with Lambda Insights. */
    CLOUDWATCH_LOGS(null, InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS),
    /** AWS X-Ray: the SDK's trace subsegments leave from inside the VPC. */
    XRAY(null, InterfaceVpcEndpointAwsService.XRAY);

    private final GatewayVpcEndpointAwsService gateway;
    private final InterfaceVpcEndpointAwsService service;

    PlatformVpcEndpoint(GatewayVpcEndpointAwsService gateway, InterfaceVpcEndpointAwsService service) {
        this.gateway = gateway;
        this.service = service;
    }

    boolean isGateway() {
        return gateway != null;
    }

    GatewayVpcEndpointAwsService gatewayService() {
        return gateway;
    }

    InterfaceVpcEndpointAwsService interfaceService() {
        return service;
    }

    /** Construct id, e.g. BedrockRuntimeEndpoint. */
    String constructId() {
        StringBuilder id = new StringBuilder();
        for (String part : name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Endpoint";
    }
}
