package io.medextract.handlers.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * On-demand USD prices per million input and output tokens, by foundation model id (the geography prefix of
 * an inference profile is ignored). Defaults are the published prices of Nov 2026; override them with the
 * BEDROCK_PRICES environment variable, e.g.
 * {@code {"anthropic.claude-sonnet-4-5-20250929-v1:0": {"input": 3.0, "output": 15.0}}}.
 */
public final class PriceTable {

    /** Price per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {}

    private static final Map<String, Price> DEFAULTS = Map.of(
            "anthropic.claude-haiku-4-5-20251001-v1:0", new Price(1.0, 5.0),
            "anthropic.claude-sonnet-4-5-20250929-v1:0", new Price(3.0, 15.0),
            "anthropic.claude-3-haiku-20240307-v1:0", new Price(0.25, 1.25));

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable defaults() {
        return new PriceTable(DEFAULTS);
    }

    /** The defaults with {@code overrideJson} (may be null) laid over them. */
    public static PriceTable withOverrides(String overrideJson) {
        Map<String, Price> merged = new LinkedHashMap<>(DEFAULTS);
        if (overrideJson != null && !overrideJson.isBlank()) {
            try {
                JsonNode root = Json.mapper().readTree(overrideJson);
                root.fields().forEachRemaining(e -> merged.put(e.getKey(),
                        new Price(e.getValue().path("input").asDouble(), e.getValue().path("output").asDouble())));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("BEDROCK_PRICES is not valid JSON", e);
            }
        }
        return new PriceTable(merged);
    }

    public Optional<Price> priceOf(String modelId) {
        return Optional.ofNullable(prices.get(foundationModelId(modelId)));
    }

    /** Cost in USD, rounded to a millionth of a dollar; 0 for a model with no known price. */
    public double cost(String modelId, long inputTokens, long outputTokens) {
        return priceOf(modelId)
                .map(p -> Math.round((inputTokens * p.inputPerMillion() + outputTokens * p.outputPerMillion())) / 1e6)
                .orElse(0.0);
    }

    static String foundationModelId(String modelId) {
        return io.medextract.handlers.models.FoundationModelId.of(modelId);
    }
}
