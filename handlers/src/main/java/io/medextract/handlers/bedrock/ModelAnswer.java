package io.medextract.handlers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the model returned. {@code output} is the parsed JSON, or null when the answer was not JSON
 * ({@code malformed}); the raw text is deliberately not kept: it holds patient data.
 */
public record ModelAnswer(JsonNode output, boolean malformed, String stopReason, long inputTokens,
                          long outputTokens, long latencyMs) {}
