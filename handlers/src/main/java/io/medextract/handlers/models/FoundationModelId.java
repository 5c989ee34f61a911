package io.medextract.handlers.models;

/**
 * The foundation-model part of a Bedrock model id: {@code us.anthropic.claude-haiku-4-5-20251001-v1:0},
 * {@code global.…} and {@code arn:aws:bedrock:…:inference-profile/eu.…} all name
 * {@code anthropic.claude-haiku-4-5-20251001-v1:0}. Tables keyed by model (prices, capabilities) look up this.
 */
public final class FoundationModelId {

    private FoundationModelId() {}

    public static String of(String modelId) {
        String id = modelId.contains("/") ? modelId.substring(modelId.lastIndexOf('/') + 1) : modelId;
        int dot = id.indexOf('.');
        if (dot > 0 && id.indexOf('.', dot + 1) > 0) {
            String prefix = id.substring(0, dot);
            if (!prefix.equals("anthropic") && !prefix.equals("amazon") && !prefix.equals("meta")) {
                return id.substring(dot + 1);
            }
        }
        return id;
    }
}
