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
        SynthesizedPlatform prod = SynthesizedPlatform.of(Stage.PROD);
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
    void devHasNoWebAclUnlessAsked() {
        SynthesizedPlatform.of(Stage.DEV).template.resourceCountIs("AWS::WAFv2::WebACL", 0);
        SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(Stage.DEV).createWebAcl(true).build())
                .template.resourceCountIs("AWS::WAFv2::WebACL", 1);
    }

    @Test
    void anExistingWebAclIsAssociatedInsteadOfCreatingOne() {
        String arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/org-acl/1a2b3c";
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(Stage.PROD)
                .webAclArn(arn).build());
        s.template.resourceCountIs("AWS::WAFv2::WebACL", 0);
        s.template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Match.objectLike(Map.of("WebACLArn", arn)));
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(Stage.PROD).webAclArn("org-acl").build())
                .hasMessageContaining("webAclArn must be a regional WAFv2 web ACL ARN");
    }
}
