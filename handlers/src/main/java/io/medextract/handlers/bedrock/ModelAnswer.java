package io.medextract.handlers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.SentAs;

/**
 * What the model returned. {@code output} is the parsed JSON, or null when the answer was not JSON
 * ({@code malformed}); the raw text is deliberately not kept: it holds patient data. {@code sentAs} says
 * how the document was given to the model.
 */
public record ModelAnswer(JsonNode output, boolean malformed, String stopReason, long inputTokens,
                          long outputTokens, long latencyMs, SentAs sentAs) {}
