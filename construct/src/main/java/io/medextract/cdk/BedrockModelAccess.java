package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.Aws;

/**
 * The ARNs a role must be allowed to invoke for one model id: a cross-region inference profile needs the
 * profile ARN plus the foundation model in every region the profile routes to; a plain model id needs the
 * foundation model in the stack's region. Never a wildcard.
 */
record BedrockModelAccess(String modelId, List<String> regions) {

    static final List<String> ACTIONS = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
    private static final Set<String> GEO_PREFIXES = Set.of("us", "us-gov", "eu", "apac", "jp", "au", "ca", "global");

    BedrockModelAccess {
        regions = List.copyOf(regions);
    }

    boolean isInferenceProfile() {
        int dot = modelId.indexOf('.');
        return dot > 0 && GEO_PREFIXES.contains(modelId.substring(0, dot)) && modelId.indexOf('.', dot + 1) > 0;
    }

    /** The model id without the geography prefix, e.g. anthropic.claude-sonnet-4-5-20250929-v1:0. */
    String foundationModelId() {
        return isInferenceProfile() ? modelId.substring(modelId.indexOf('.') + 1) : modelId;
    }

    List<String> resourceArns() {
        if (modelId.startsWith("arn:")) {
            return List.of(modelId);
        }
        String partition = Aws.PARTITION;
        List<String> arns = new ArrayList<>();
        if (!isInferenceProfile()) {
            arns.add("arn:" + partition + ":bedrock:" + Aws.REGION + "::foundation-model/" + modelId);
            return arns;
        }
        arns.add("arn:" + partition + ":bedrock:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":inference-profile/" + modelId);
        for (String region : regions) {
            arns.add("arn:" + partition + ":bedrock:" + region + "::foundation-model/" + foundationModelId());
        }
        if (modelId.startsWith("global.")) {
            // Global profiles may route to any commercial region; AWS documents the region-less model ARN.
            arns.add("arn:" + partition + ":bedrock:::foundation-model/" + foundationModelId());
        }
        return arns;
    }
}
