package io.medextract.examples;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC as a HIPAA deployment would give the platform: two AZs of isolated subnets (no internet route, no
 * NAT; the platform adds the endpoints its functions need) and flow logs to a KMS-encrypted log group.
 */
public final class IsolatedNetwork {

    private IsolatedNetwork() {}

    public static Vpc create(Construct scope, String id) {
        Vpc vpc = Vpc.Builder.create(scope, id)
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .build();
        // cdk_nag metadata, as the construct writes it: nothing uses the default group (functions and
        // endpoints have their own), and closing it takes a custom-resource Lambda of its own.
        ((software.amazon.awscdk.CfnResource) vpc.getNode().getDefaultChild()).addMetadata("cdk_nag", Map.of(
                "rules_to_suppress", List.of(
                        suppression("HIPAA.Security-VPCDefaultSecurityGroupClosed"),
                        suppression("NIST.800.53.R5-VPCDefaultSecurityGroupClosed"))));
        return vpc;
    }

    /** Flow logs of every interface into a log group encrypted with {@code key}, kept for {@code retention}. */
    public static void addFlowLogs(Vpc vpc, IKey key, RetentionDays retention, RemovalPolicy removal) {
        Construct scope = (Construct) vpc.getNode().getScope();
        String id = vpc.getNode().getId();
        LogGroup logGroup = LogGroup.Builder.create(scope, id + "FlowLogs")
                .encryptionKey(key).retention(retention).removalPolicy(removal).build();
        Role role = Role.Builder.create(scope, id + "FlowLogRole")
                .assumedBy(new ServicePrincipal("vpc-flow-logs.amazonaws.com")).build();
        ManagedPolicy.Builder.create(scope, id + "FlowLogPolicy")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                        .resources(List.of(logGroup.getLogGroupArn()))
                        .build()))
                .build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()))
                .build());
    }

    private static Map<String, String> suppression(String rule) {
        return Map.of("id", rule, "reason", "No resource uses the VPC's default security group: the functions and"
                + " the interface endpoints each have their own");
    }
}
