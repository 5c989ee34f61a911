package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * The platform's justified cdk-nag (AwsSolutions) findings, each suppressed on exactly one resource with
 * its reason. README.md lists them; the example-app test proves nothing else is flagged.
 */
final class PlatformNagSuppressions {

    private PlatformNagSuppressions() {}

    static void apply(EffectiveSettings settings, ExtractionQueue queue, HandlerFunctions functions,
                      PlatformApi api) {
        for (PlatformFunction kind : PlatformFunction.values()) {
            Role role = functions.role(kind);
            if (settings.props().isLambdaInsights()) {
                NagSuppressionMetadata.suppress(role, "AwsSolutions-IAM4",
                        "Lambda Insights needs CloudWatchLambdaInsightsExecutionRolePolicy; it only writes to the"
                                + " /aws/lambda-insights log group",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"));
            }
            if (settings.props().getVpc() != null) {
                NagSuppressionMetadata.suppress(role, "AwsSolutions-IAM4",
                        "Functions in a VPC need AWSLambdaVPCAccessExecutionRole to manage their network interfaces",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
            }
            IConstruct defaultPolicy = role.getNode().findChild("DefaultPolicy");
            NagSuppressionMetadata.suppress(defaultPolicy, "AwsSolutions-IAM5",
                    "Resource * only on xray:PutTraceSegments/PutTelemetryRecords, which support no resource-level"
                            + " permissions (added by active tracing)",
                    List.of("Resource::*"));
            if (kind == PlatformFunction.UPLOAD || kind == PlatformFunction.EXTRACT) {
                NagSuppressionMetadata.suppress(defaultPolicy, "AwsSolutions-IAM5",
                        "Object access is limited to the documents bucket's uploads/ prefix; object keys are"
                                + " generated per document, so a prefix wildcard is the narrowest grant",
                        List.of(Map.of("regex", "/^Resource::<.*Documents.*\\.Arn>\\/uploads\\/\\*$/")));
            }
        }
        NagSuppressionMetadata.suppress(queue.asyncFailureQueue(), "AwsSolutions-SQS3",
                "This queue is itself the failure destination of asynchronous invocations; its messages are"
                        + " kept 14 days and alarmed on",
                List.of());
        if (settings.props().isApiCloudWatchRole()) {
            NagSuppressionMetadata.suppress(api.api().getNode().findChild("CloudWatchRole"), "AwsSolutions-IAM4",
                    "API Gateway's account-level logging role uses the AWS managed push-to-CloudWatch policy;"
                            + " disable with apiCloudWatchRole(false) where the account already has one",
                    List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        }
        if (settings.props().getAuthorization() == ApiAuthorization.IAM) {
            for (Method method : api.methods()) {
                NagSuppressionMetadata.suppress(method, "AwsSolutions-COG4",
                        "The method requires IAM (SigV4) authorization; Cognito is available through"
                                + " authorization(COGNITO)",
                        List.of());
            }
        }
    }
}
