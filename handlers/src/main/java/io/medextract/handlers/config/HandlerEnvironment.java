package io.medextract.handlers.config;

import io.medextract.contract.EnvironmentVariables;
import io.medextract.contract.SharedDefaults;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The environment a function was deployed with. The components are the variables the construct sets on every
 * function, read once per container; the methods below them read what only some functions get, when (and only when)
 * a composition root asks, so a function never reads a variable its deployment does not set
 * ({@code FunctionEnvironmentContractTest} records the reads). Names: {@link EnvironmentVariables}.
 *
 * @param resultsTable       the results table
 * @param experimentsTable   the experiments table
 * @param bucket             the documents bucket
 * @param stage              dev, staging or prod
 * @param promptLabel        the label new extractions resolve (default {@link SharedDefaults#PROMPT_LABEL})
 * @param corsAllowedOrigins browser origins, comma separated in the variable
 * @param bedrockPrices      optional JSON price table override
 * @param promptLabelVersions optional JSON object label -> name@version (null: the shipped defaults)
 * @param variables          every variable this was read from (a view, not a copy: reads through it are the
 *                           function's reads)
 */
public record HandlerEnvironment(
        String resultsTable,
        String experimentsTable,
        String bucket,
        String stage,
        String promptLabel,
        List<String> corsAllowedOrigins,
        String bedrockPrices,
        String promptLabelVersions,
        Map<String, String> variables) {

    public HandlerEnvironment {
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        variables = Collections.unmodifiableMap(variables);
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
                Arrays.stream(env.getOrDefault(EnvironmentVariables.CORS_ALLOWED_ORIGINS, "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                env.get(EnvironmentVariables.BEDROCK_PRICES),
                env.get(EnvironmentVariables.PROMPT_LABEL_VERSIONS),
                env);
    }

    /** The stage's model id or inference profile (extract and experiments functions). */
    public String bedrockModelId() {
        return variables.getOrDefault(EnvironmentVariables.BEDROCK_MODEL_ID, SharedDefaults.BEDROCK_MODEL_ID);
    }

    /** Optional comma-separated model ids replacing the documented structured-output table (null: the table). */
    public String structuredOutputModels() {
        return variables.get(EnvironmentVariables.STRUCTURED_OUTPUT_MODELS);
    }

    /** The extraction queue (extract function). */
    public String extractionQueueUrl() {
        return variables.getOrDefault(EnvironmentVariables.EXTRACTION_QUEUE_URL, "");
    }

    /** How long Bedrock may keep an extraction waiting before it fails as BEDROCK_THROTTLED (extract function). */
    public Duration throttleRetryBudget() {
        return Duration.ofMinutes(Long.parseLong(variables.getOrDefault(EnvironmentVariables.THROTTLE_RETRY_BUDGET_MINUTES,
                String.valueOf(SharedDefaults.THROTTLE_RETRY_BUDGET_MINUTES))));
    }
}
