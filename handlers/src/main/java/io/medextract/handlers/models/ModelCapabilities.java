package io.medextract.handlers.models;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of models that get Converse structured output (JSON-schema output format); every other
 * model gets forced tool use. Matched on the foundation-model id, whatever the inference-profile prefix
 * ({@code us.}, {@code eu.}, {@code global.}, …) or ARN. The construct prop {@code structuredOutputModels}
 * replaces the table through the STRUCTURED_OUTPUT_MODELS environment variable (comma separated).
 */
public final class ModelCapabilities {

    /**
     * Claude models documented with structured output on Bedrock: Opus 4.6, Sonnet 4.6, Sonnet 4.5, Opus 4.5,
     * Haiku 4.5 (https://platform.claude.com/docs/en/build-with-claude/structured-outputs, compatibility note;
     * https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html). Ids from the Bedrock
     * model cards.
     */
    public static final List<String> DOCUMENTED_STRUCTURED_OUTPUT_MODELS = List.of(
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-opus-4-5-20251101-v1:0",
            "anthropic.claude-opus-4-6-v1",
            "anthropic.claude-sonnet-4-6");

    private final Set<String> structuredOutputModels;

    private ModelCapabilities(List<String> modelIds) {
        this.structuredOutputModels = modelIds.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(FoundationModelId::of).collect(Collectors.toUnmodifiableSet());
    }

    public static ModelCapabilities documented() {
        return new ModelCapabilities(DOCUMENTED_STRUCTURED_OUTPUT_MODELS);
    }

    /** The documented table, or the models listed in {@code override} (comma separated) when it is set. */
    public static ModelCapabilities withOverride(String override) {
        return override == null ? documented() : new ModelCapabilities(Arrays.asList(override.split(",")));
    }

    public boolean supportsStructuredOutput(String modelId) {
        return modelId != null && structuredOutputModels.contains(FoundationModelId.of(modelId));
    }
}
