package io.medextract.cdk;

import java.util.List;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * AWS WAF in front of the API stage: AWS managed common and known-bad-inputs rule groups and a per-IP rate
 * limit, or the user's own web ACL. The common rule set's 8 KB body-size rule only counts, because inline
 * uploads carry documents of up to 3 MiB in the body.
 */
final class ApiFirewall extends Construct {

    static final int RATE_LIMIT_PER_5_MINUTES = 3000;

    private final String webAclArn;

    /** AWS WAF only delivers to CloudWatch log groups whose names start with this. */
    static final String LOG_GROUP_PREFIX = "aws-waf-logs-";
    /**
     * Headers WAF logs show as REDACTED: {@code authorization} carries SigV4 signatures or Cognito tokens,
     * {@code x-amz-security-token} the session token of temporary credentials, which SigV4 sends beside the signature.
     */
    static final List<String> REDACTED_HEADERS = List.of("authorization", "x-amz-security-token");

    private LogGroup logGroup;

    ApiFirewall(Construct scope, String id, EffectiveSettings settings, Encryption encryption, RestApi api) {
        super(scope, id);
        String given = settings.props().getWebAclArn();
        if (given != null) {
            this.webAclArn = given;
        } else {
            String metricPrefix = "medextract-" + settings.platformName();
            CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl")
                    .scope("REGIONAL")
                    .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                            .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                    .visibilityConfig(visibility(metricPrefix))
                    .rules(List.of(
                            managedRule(0, "AWSManagedRulesCommonRuleSet", metricPrefix, List.of("SizeRestrictions_BODY")),
                            managedRule(1, "AWSManagedRulesKnownBadInputsRuleSet", metricPrefix, List.of()),
                            CfnWebACL.RuleProperty.builder()
                                    .name("rate-limit-per-ip")
                                    .priority(2)
                                    .action(CfnWebACL.RuleActionProperty.builder()
                                            .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                                    .statement(CfnWebACL.StatementProperty.builder()
                                            .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                                    .limit(RATE_LIMIT_PER_5_MINUTES)
                                                    .aggregateKeyType("IP")
                                                    .build())
                                            .build())
                                    .visibilityConfig(visibility(metricPrefix + "-rate"))
                                    .build()))
                    .build();
            this.webAclArn = acl.getAttrArn();
            logRequests(settings, encryption, acl);
        }
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(webAclArn)
                .build();
    }

    /**
     * WAF logs (HIPAA audit controls) to a KMS-encrypted log group; the name prefix is required by WAF:
     * https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
     */
    private void logRequests(EffectiveSettings settings, Encryption encryption, CfnWebACL acl) {
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName(LOG_GROUP_PREFIX + "medextract-" + settings.platformName())
                .retention(settings.values().auditLogRetention())
                .encryptionKey(encryption.key())
                .removalPolicy(settings.values().removalPolicy())
                .build();
        // WAF wants the log group ARN without the trailing ":*" that GetAtt Arn carries.
        String destination = software.amazon.awscdk.Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("logs")
                .resource("log-group")
                .resourceName(logGroup.getLogGroupName())
                .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                .build());
        CfnLoggingConfiguration logging = CfnLoggingConfiguration.Builder.create(this, "Logging")
                .resourceArn(acl.getAttrArn())
                .logDestinationConfigs(List.of(destination))
                .redactedFields(REDACTED_HEADERS.stream().map(header -> (Object) CfnLoggingConfiguration
                        .FieldToMatchProperty.builder().singleHeader(java.util.Map.of("Name", header)).build()).toList())
                .build();
        logging.getNode().addDependency(logGroup);
    }

    private static CfnWebACL.RuleProperty managedRule(int priority, String name, String metricPrefix,
                                                      List<String> countOnly) {
        CfnWebACL.ManagedRuleGroupStatementProperty.Builder group = CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                .vendorName("AWS")
                .name(name);
        if (!countOnly.isEmpty()) {
            group.ruleActionOverrides(countOnly.stream().map(rule -> CfnWebACL.RuleActionOverrideProperty.builder()
                    .name(rule)
                    .actionToUse(CfnWebACL.RuleActionProperty.builder()
                            .count(CfnWebACL.CountActionProperty.builder().build()).build())
                    .build()).map(Object.class::cast).toList());
        }
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                        .none(java.util.Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(group.build()).build())
                .visibilityConfig(visibility(metricPrefix + "-" + name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metricName)
                .build();
    }

    /** The WAF log group, or null with a web ACL of the user's. */
    LogGroup logGroup() {
        return logGroup;
    }

    String webAclArn() {
        return webAclArn;
    }
}
