package io.medextract.cdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;

/**
 * The ARNs a role must be allowed to invoke for one model id, never a wildcard. AWS documents three parts
 * for a cross-region inference profile: the profile ARN, the foundation model in the source region, and
 * the foundation model in every destination region; a global profile's destinations are granted through
 * the region-less model ARN.
 *
 * <p>Source: https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
 *
 * @param modelId     as given: a foundation model id, a system inference profile id, or either as an ARN
 * @param resourceArns what the role may invoke
 */
record BedrockModelAccess(String modelId, List<String> resourceArns) {

    static final List<String> ACTIONS = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):bedrock:([a-z0-9-]*):(\\d{12})?:(foundation-model|inference-profile|application-inference-profile)/(.+)");

    BedrockModelAccess {
        resourceArns = List.copyOf(resourceArns);
    }

    /**
     * Resolves the grants for {@code modelId}. {@code explicitRegions} (the {@code bedrockModelRegions} prop)
     * replaces the destination regions a profile's geography implies; it is required for a geography whose
     * destinations are not in {@link InferenceProfileGeography}.
     *
     * @throws IllegalArgumentException when the regions a profile routes to cannot be known
     */
    static BedrockModelAccess resolve(String modelId, List<String> explicitRegions) {
        Matcher arn = ARN.matcher(modelId);
        if (arn.matches()) {
            String partition = arn.group(1);
            String region = arn.group(2);
            String kind = arn.group(4);
            String id = arn.group(5);
            return switch (kind) {
                case "foundation-model" -> new BedrockModelAccess(modelId, List.of(modelId));
                case "inference-profile" -> new BedrockModelAccess(modelId,
                        profileArns(modelId, partition, region, id, explicitRegions));
                default -> throw new IllegalArgumentException("bedrockModelId " + modelId + " is an application"
                        + " inference profile: the foundation models it routes to cannot be derived from its ARN;"
                        + " use the system inference profile id (e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0)"
                        + " or the foundation model ARN");
            };
        }
        if (modelId.startsWith("arn:")) {
            throw new IllegalArgumentException("bedrockModelId " + modelId + " is not a Bedrock foundation-model or"
                    + " inference-profile ARN");
        }
        Optional<String> geography = InferenceProfileGeography.prefixOf(modelId);
        if (geography.isEmpty()) {
            return new BedrockModelAccess(modelId,
                    List.of(foundationModelArn(Aws.PARTITION, Aws.REGION, modelId)));
        }
        String profileArn = "arn:" + Aws.PARTITION + ":bedrock:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                + ":inference-profile/" + modelId;
        return new BedrockModelAccess(modelId, profileArns(profileArn, Aws.PARTITION, Aws.REGION, modelId, explicitRegions));
    }

    /** The profile, the model in the source region, and the model wherever the profile routes. */
    private static List<String> profileArns(String profileArn, String partition, String sourceRegion, String profileId,
                                            List<String> explicitRegions) {
        String geography = InferenceProfileGeography.prefixOf(profileId).orElseThrow(() ->
                new IllegalArgumentException("bedrockModelId " + profileId + " has no known inference profile prefix"
                        + " (us., eu., jp., au., us-gov., apac., global., ...)"));
        String foundationModel = profileId.substring(profileId.indexOf('.') + 1);
        Set<String> arns = new LinkedHashSet<>();
        arns.add(profileArn);
        arns.add(foundationModelArn(partition, sourceRegion, foundationModel));
        if (InferenceProfileGeography.GLOBAL.equals(geography)) {
            // Global profiles may route to any commercial region: AWS grants those through this ARN.
            arns.add(foundationModelArn(partition, "", foundationModel));
            if (explicitRegions == null) {
                return new ArrayList<>(arns);
            }
        }
        List<String> destinations = explicitRegions != null ? explicitRegions
                : InferenceProfileGeography.destinations(geography).orElseThrow(() -> new IllegalArgumentException(
                        "bedrockModelId " + profileId + " routes through the '" + geography + "' inference profile,"
                                + " whose destination regions this construct does not know; list them with"
                                + " bedrockModelRegions(...) (see the model card in the Bedrock console)"));
        for (String region : destinations) {
            arns.add(foundationModelArn(partition, region, foundationModel));
        }
        return new ArrayList<>(arns);
    }

    private static String foundationModelArn(String partition, String region, String foundationModel) {
        return "arn:" + partition + ":bedrock:" + region + "::foundation-model/" + foundationModel;
    }
}
