package io.medextract.handlers.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.medextract.contract.EnvironmentVariables;
import io.medextract.contract.SharedDefaults;

/**
 * The environment variables the construct sets on every function, read once per container.
 *
 * @param resultsTable       DYNAMODB_TABLE
 * @param experimentsTable   EXPERIMENTS_TABLE
 * @param bucket             S3_BUCKET
 * @param stage              ENVIRONMENT (dev, staging, prod)
 * @param promptLabel        PROMPT_LABEL: label new extractions resolve (default "production")
 * @param extractionQueueUrl EXTRACTION_QUEUE_URL (extract function only)
 * @param bedrockModelId     BEDROCK_MODEL_ID (extract function only)
 * @param corsAllowedOrigins CORS_ALLOWED_ORIGINS, comma separated
 * @param bedrockPrices      BEDROCK_PRICES: optional JSON price table override
 * @param structuredOutputModels STRUCTURED_OUTPUT_MODELS: optional comma-separated model ids replacing the
 *                           table of models that get structured output (null: the documented table)
 * @param deadLetterQueueArn EXTRACTION_DLQ_ARN (extract function only): its records are dead letters
 * @param deadLetterQueueUrl EXTRACTION_DLQ_URL (extract function only)
 * @param throttleRetryBudget THROTTLE_RETRY_BUDGET_MINUTES: how long Bedrock may keep an extraction waiting
 *                           (default 1440, a day) before it FAILS as BEDROCK_THROTTLED
 * @param promptLabelVersions PROMPT_LABEL_VERSIONS: optional JSON object label -> name@version, where labels
 *                           point until a promotion moves them (null: the shipped defaults)
 * @param variables          every variable this was read from: what one function alone reads (its queues, limits,
 *                           audit table) comes from here too, so a composition root wired from a given environment
 *                           never falls back to the process's
 */
public record HandlerEnvironment(
        String resultsTable,
        String experimentsTable,
        String bucket,
        String stage,
        String promptLabel,
        String extractionQueueUrl,
        String bedrockModelId,
        List<String> corsAllowedOrigins,
        String bedrockPrices,
        String structuredOutputModels,
        String deadLetterQueueArn,
        String deadLetterQueueUrl,
        java.time.Duration throttleRetryBudget,
        String promptLabelVersions,
        Map<String, String> variables) {

    public HandlerEnvironment {
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        variables = Map.copyOf(variables);
    }

    public static HandlerEnvironment fromSystem() {
        return from(System.getenv());
    }

    public static HandlerEnvironment from(Map<String, String> env) {
        return new HandlerEnvironment(
                env.getOrDefault(EnvironmentVariables.RESULTS_TABLE, ""),
                env.getOrDefault(EnvironmentVariables.EXPERIMENTS_TABLE, ""),
                env.getOrDefault(EnvironmentVariables.DOCUMENT_BUCKET, ""),
                env.getOrDefault(EnvironmentVariables.STAGE, "dev"),
                env.getOrDefault(EnvironmentVariables.PROMPT_LABEL, SharedDefaults.PROMPT_LABEL),
                env.getOrDefault(EnvironmentVariables.EXTRACTION_QUEUE_URL, ""),
                env.getOrDefault(EnvironmentVariables.BEDROCK_MODEL_ID, SharedDefaults.BEDROCK_MODEL_ID),
                Arrays.stream(env.getOrDefault(EnvironmentVariables.CORS_ALLOWED_ORIGINS, "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                env.get(EnvironmentVariables.BEDROCK_PRICES),
                env.get(EnvironmentVariables.STRUCTURED_OUTPUT_MODELS),
                env.getOrDefault(EnvironmentVariables.EXTRACTION_DLQ_ARN, ""),
                env.getOrDefault(EnvironmentVariables.EXTRACTION_DLQ_URL, ""),
                java.time.Duration.ofMinutes(Long.parseLong(env.getOrDefault(EnvironmentVariables.THROTTLE_RETRY_BUDGET_MINUTES,
                        String.valueOf(SharedDefaults.THROTTLE_RETRY_BUDGET_MINUTES)))),
                env.get(EnvironmentVariables.PROMPT_LABEL_VERSIONS),
                env);
    }
}
