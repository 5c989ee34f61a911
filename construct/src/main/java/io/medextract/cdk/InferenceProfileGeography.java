package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The regions a system-defined cross-region inference profile may route to, by its geography prefix. A role
 * that invokes through a profile needs the foundation model in every destination region, so the list must
 * be complete; a geography missing here is rejected at synth unless {@code bedrockModelRegions} is given.
 *
 * <p>Source: "Supported Regions and models for inference profiles",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html (destinations of the
 * Claude Haiku 4.5 / Sonnet 4.5 profiles, checked Nov 2026). Destinations depend on the source region (e.g.
 * {@code us.} from us-west-1 also routes to us-west-1), and the construct is usually environment-agnostic, so
 * each entry is the union over all source regions of that geography. A geographic profile's destination
 * list never changes once published; a global profile's may grow, which is why {@code global.} is granted
 * through the region-less model ARN instead of a list.
 */
final class InferenceProfileGeography {

    /** Destination regions per geography prefix (union over source regions). */
    static final Map<String, List<String>> DESTINATIONS = Map.of(
            "us", List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1"),
            "eu", List.of("eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
                    "eu-west-1", "eu-west-2", "eu-west-3"),
            "jp", List.of("ap-northeast-1", "ap-northeast-3"),
            "au", List.of("ap-southeast-2", "ap-southeast-4"),
            "us-gov", List.of("us-gov-east-1", "us-gov-west-1"));

    /** The prefix of global profiles: any commercial region, granted via the region-less model ARN. */
    static final String GLOBAL = "global";

    /**
     * Prefixes AWS uses for system-defined profiles whose destinations this table does not hold (they vary by
     * model): recognised as profiles, so a model id with one of them is not mistaken for a foundation model.
     */
    private static final List<String> KNOWN_WITHOUT_TABLE = List.of("apac", "ca", "in");

    private InferenceProfileGeography() {}

    /** The geography prefix of a profile id such as {@code eu.anthropic.claude-...}, if it has one. */
    static Optional<String> prefixOf(String modelId) {
        int dot = modelId.indexOf('.');
        if (dot <= 0 || modelId.indexOf('.', dot + 1) < 0) {
            return Optional.empty();
        }
        String prefix = modelId.substring(0, dot);
        boolean known = DESTINATIONS.containsKey(prefix) || GLOBAL.equals(prefix) || KNOWN_WITHOUT_TABLE.contains(prefix);
        return known ? Optional.of(prefix) : Optional.empty();
    }

    /** The destination regions of a geography, empty when this table does not know them. */
    static Optional<List<String>> destinations(String prefix) {
        return Optional.ofNullable(DESTINATIONS.get(prefix));
    }
}
