package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The web console's justified cdk-nag findings (AwsSolutions, HIPAA Security, NIST 800-53 rev 5), each on exactly
 * one resource with its reason; README.md (Web console) lists them. The console holds no PHI: its buckets keep
 * the app's static files and their access logs, and every document and result stays behind the API.
 */
final class ConsoleNagSuppressions {

    static final String BUCKET_DEPLOYMENT_PREFIX = "Custom::CDKBucketDeployment";
    static final String VPC_ACCESS_POLICY =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

    private ConsoleNagSuppressions() {}

    static void apply(EffectiveSettings settings, ConsoleHosting hosting, ConsoleSignIn signIn, WebConsoleProps props) {
        IConstruct distribution = hosting.distribution();
        NagSuppressionMetadata.suppress(distribution, "AwsSolutions-CFR1", "The console serves only its static"
                + " files to signed-in staff wherever they work; the API enforces authorization on every call", List.of());
        if (props.getWebAclId() == null) {
            NagSuppressionMetadata.suppress(distribution, "AwsSolutions-CFR2", "The distribution serves static files"
                    + " only; a CLOUDFRONT-scope web ACL must live in us-east-1, so it is brought in with"
                    + " webConsole.webAclId; the API keeps its own regional WAF", List.of());
        }
        if (props.getDomainName() == null) {
            NagSuppressionMetadata.suppress(distribution, "AwsSolutions-CFR4", "No custom domain given: the default"
                    + " cloudfront.net certificate, whose security policy CloudFront fixes; webConsole.domainName with"
                    + " certificate enforces TLSv1.2_2021", List.of());
        }
        boolean threatProtection = props.getThreatProtection() != null ? props.getThreatProtection()
                : settings.values().webConsole().threatProtection();
        if (!threatProtection) {
            NagSuppressionMetadata.suppress(signIn.userPool(), "AwsSolutions-COG3", "Threat protection needs the"
                    + " Cognito Plus feature plan; off by default in DEV (test users, no PHI), on in staging and prod"
                    + " (webConsole.threatProtection)", List.of());
        }
        String noPhi = "holds the console's static files or their access logs, never PHI";
        suppressBoth(hosting.logBucket(), "S3DefaultEncryptionKMS", "CloudFront standard log delivery cannot write"
                + " with a customer managed KMS key; the bucket " + noPhi);
        for (IConstruct bucket : List.of(hosting.bucket(), hosting.logBucket())) {
            suppressBoth(bucket, "S3BucketReplicationEnabled", "The bucket " + noPhi + "; the files are rebuilt"
                    + " from the construct on every deploy, so a replica would protect nothing");
        }
        ConsoleScopeTrigger trigger = signIn.scopeTrigger();
        String triggerRole = "The console's scope trigger, which Cognito invokes synchronously on every token it issues";
        suppressBoth(trigger.function(), "LambdaConcurrency", triggerRole + "; a reservation would cap sign-ins, and"
                + " each call takes milliseconds");
        suppressBoth(trigger.function(), "LambdaDLQ", triggerRole + "; Cognito fails the sign-in when it fails,"
                + " there is no asynchronous invocation to dead-letter");
        boolean inVpc = settings.props().getVpc() != null;
        if (inVpc) {
            NagSuppressionMetadata.suppress(trigger.role(), "AwsSolutions-IAM4", triggerRole + "; in a VPC it needs"
                    + " AWSLambdaVPCAccessExecutionRole to manage its network interfaces", List.of(VPC_ACCESS_POLICY));
        } else {
            suppressBoth(trigger.function(), "LambdaInsideVPC", triggerRole + "; it opens no connection (it maps the"
                    + " event's groups to scopes) and sees no PHI; with the vpc prop it runs in the VPC");
        }
        NagSuppressionMetadata.suppress(trigger.policy(), "AwsSolutions-IAM5", triggerRole + "; it writes log streams"
                + " of its own log group only, whose names Lambda generates",
                List.of(Map.of("regex", "/^Resource::<.*ScopesByGroupLogs.*\\.Arn>:\\*$/")));
        Stack stack = Stack.of(hosting);
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith(BUCKET_DEPLOYMENT_PREFIX)) {
                suppressBucketDeploymentHandler(child, inVpc);
            }
        }
    }

    /** The aws-cdk-lib BucketDeployment handler (one per stack) that copies the console into its bucket. */
    private static void suppressBucketDeploymentHandler(IConstruct handler, boolean inVpc) {
        IConstruct function = handler.getNode().findChild("Resource");
        String role = "aws-cdk-lib's BucketDeployment handler, which copies the console's static files into their"
                + " bucket during CloudFormation deployments only";
        NagSuppressionMetadata.suppress(function, "AwsSolutions-L1", role + "; aws-cdk-lib picks and updates its"
                + " runtime", List.of());
        suppressBoth(function, "LambdaConcurrency", role + ": one invocation per deployment");
        suppressBoth(function, "LambdaDLQ", role + ": CloudFormation invokes it synchronously and records failures");
        if (!inVpc) {
            suppressBoth(function, "LambdaInsideVPC", role + ": it reads the CDK asset bucket and answers"
                    + " CloudFormation's presigned response URL, and touches no PHI; with the vpc prop it runs in the VPC");
        }
        IConstruct serviceRole = handler.getNode().findChild("ServiceRole");
        List<String> managed = new java.util.ArrayList<>(List.of(
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        if (inVpc) {
            managed.add(VPC_ACCESS_POLICY);
        }
        NagSuppressionMetadata.suppress(serviceRole, "AwsSolutions-IAM4", role + "; it logs with the AWS managed"
                + " basic execution policy" + (inVpc ? " and manages its network interfaces with the VPC access one" : ""),
                managed);
        IConstruct policy = serviceRole.getNode().findChild("DefaultPolicy");
        NagSuppressionMetadata.suppress(policy, "AwsSolutions-IAM5", role + "; it reads every object of the CDK"
                + " asset bucket's console archive and replaces every object of the console bucket, encrypting them"
                + " with the platform key (aws-cdk-lib's bucket grant names kms:ReEncrypt* and kms:GenerateDataKey*"
                + " on that one key)",
                List.of(Map.of("regex", "/^Action::s3:.*\\*$/"), Map.of("regex", "/^Resource::.*\\/\\*$/"),
                        Map.of("regex", "/^Action::kms:(ReEncrypt|GenerateDataKey)\\*$/")));
        suppressBoth(policy, "IAMNoInlinePolicy", role + "; aws-cdk-lib writes its grants as the role's default"
                + " policy");
    }

    private static void suppressBoth(IConstruct construct, String rule, String reason) {
        NagSuppressionMetadata.suppress(construct, PlatformNagSuppressions.HIPAA + rule, reason, List.of());
        NagSuppressionMetadata.suppress(construct, PlatformNagSuppressions.NIST + rule, reason, List.of());
    }
}
