package io.medextract.cdk;

/**
 * On-demand price of a Bedrock model in USD per million tokens. The handlers ship with the published prices
 * of Nov 2026 for Claude Haiku 4.5 ($1 / $5), Sonnet 4.5 ($3 / $15) and Claude 3 Haiku ($0.25 / $1.25).
 */
public record BedrockPrice(double inputPerMillion, double outputPerMillion) {}
