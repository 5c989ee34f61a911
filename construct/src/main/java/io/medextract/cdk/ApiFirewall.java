package io.medextract.cdk;

import java.util.List;
import software.amazon.awscdk.services.apigateway.RestApi;
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

    ApiFirewall(Construct scope, String id, EffectiveSettings settings, RestApi api) {
        super(scope, id);
        String given = settings.props().getWebAclArn();
        if (given != null) {
            this.webAclArn = given;
        } else {
            String metricPrefix = "medextract-" + settings.stage().id();
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
        }
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(webAclArn)
                .build();
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

    String webAclArn() {
        return webAclArn;
    }
}
