package io.medextract.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag suppressions as CloudFormation metadata (the documented {@code cdk_nag} format), so the
 * construct can justify its few unavoidable findings on exactly one resource each without making every
 * user depend on cdk-nag.
 */
final class NagSuppressionMetadata {

    private NagSuppressionMetadata() {}

    /**
     * @param construct  the resource, or a construct whose default child is the resource
     * @param ruleId     e.g. AwsSolutions-IAM5
     * @param reason     why the finding is acceptable (cdk-nag requires at least 10 characters)
     * @param appliesTo  finding values (strings, or {@code {regex: ...}} maps) the suppression is limited to;
     *                   empty for the whole rule
     */
    static void suppress(IConstruct construct, String ruleId, String reason, List<?> appliesTo) {
        CfnResource resource = construct instanceof CfnResource cfn
                ? cfn
                : (CfnResource) construct.getNode().getDefaultChild();
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", ruleId);
        rule.put("reason", reason);
        if (!appliesTo.isEmpty()) {
            rule.put("applies_to", appliesTo);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> existing = (Map<String, Object>) resource.getMetadata("cdk_nag");
        List<Object> rules = new ArrayList<>();
        if (existing != null && existing.get("rules_to_suppress") instanceof List<?> previous) {
            rules.addAll(previous);
        }
        rules.add(rule);
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }
}
