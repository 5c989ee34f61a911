package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** AWS WAF on the API stage: created by default in staging and prod, bring-your-own, or off in dev. */
class FirewallTemplateTest {

    @Test
    void prodGetsAManagedWebAclThatLetsUploadBodiesThrough() {
        SynthesizedPlatform prod = SynthesizedPlatform.of(DeploymentStage.PROD);
        prod.template.resourceCountIs("AWS::WAFv2::WebACL", 1);
        prod.template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        Map<String, Object> acl = SynthesizedPlatform.map(prod.resources("AWS::WAFv2::WebACL").values().iterator().next()
                .get("Properties"));
        assertThat(acl).containsEntry("Scope", "REGIONAL");
        List<Object> rules = SynthesizedPlatform.list(acl.get("Rules"));
        assertThat(rules).extracting(r -> SynthesizedPlatform.map(r).get("Name"))
                .containsExactly("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "rate-limit-per-ip");
        String common = rules.get(0).toString();
        assertThat(common).contains("RuleActionOverrides=[{ActionToUse={Count={}}, Name=SizeRestrictions_BODY}]");
        assertThat(rules.get(2).toString()).contains("RateBasedStatement={AggregateKeyType=IP, Limit=3000}");
    }

    @Test
    void everyStageHasAWebAclUnlessTurnedOff() {
        SynthesizedPlatform.of(DeploymentStage.DEV).template.resourceCountIs("AWS::WAFv2::WebACL", 1);
        SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).createWebAcl(false).build())
                .template.resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    @Test
    void wafLogsGoToAnEncryptedAwsWafLogsGroupWithTheCredentialHeadersRedacted() {
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .platformName("claims").build());
        Map<String, Object> group = SynthesizedPlatform.map(s.resources("AWS::Logs::LogGroup").values().stream()
                .filter(g -> String.valueOf(SynthesizedPlatform.map(g.get("Properties")).get("LogGroupName"))
                        .startsWith("aws-waf-logs-"))
                .findFirst().orElseThrow().get("Properties"));
        assertThat(group).containsEntry("LogGroupName", "aws-waf-logs-medextract-claims").containsKey("KmsKeyId");
        Map<String, Object> logging = SynthesizedPlatform.map(s.resources("AWS::WAFv2::LoggingConfiguration")
                .values().iterator().next().get("Properties"));
        // SigV4 signature or Cognito token, and the session token of temporary credentials
        assertThat(logging.get("RedactedFields")).isEqualTo(List.of(
                Map.of("SingleHeader", Map.of("Name", "authorization")),
                Map.of("SingleHeader", Map.of("Name", "x-amz-security-token"))));
        String groupId = s.resources("AWS::Logs::LogGroup").entrySet().stream()
                .filter(e -> e.getValue().toString().contains("aws-waf-logs-")).findFirst().orElseThrow().getKey();
        assertThat(logging.get("LogDestinationConfigs").toString()).contains(":log-group:, {Ref=" + groupId + "}]");
        assertThat(logging.get("ResourceArn").toString()).contains(s.stack.getLogicalId((software.amazon.awscdk.CfnElement)
                s.platform.getNode().findChild("Firewall").getNode().findChild("WebAcl")));
    }

    @Test
    void anExistingWebAclIsAssociatedInsteadOfCreatingOne() {
        String arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/org-acl/1a2b3c";
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .webAclArn(arn).build());
        s.template.resourceCountIs("AWS::WAFv2::WebACL", 0);
        s.template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Match.objectLike(Map.of("WebACLArn", arn)));
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).webAclArn("org-acl").build())
                .hasMessageContaining("webAclArn must be a regional WAFv2 web ACL ARN");
    }
}
