package io.medextract.tests.localmode;

import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.tests.local.ConstructTables;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The caller limits the construct gives the functions (dev stage), read from the synthesized template's function
 * environments: local mode limits its one caller as the deployed dev platform would.
 */
record DeployedCallerLimits(Optional<CallerRateLimits.Limit> extraction, Optional<CallerRateLimits.Limit> evaluation) {

    static DeployedCallerLimits fromTemplate() {
        Map<String, String> variables = new HashMap<>();
        for (Map<String, Object> function : ConstructTables.template().findResources("AWS::Lambda::Function").values()) {
            Object environment = DeployedQueueSettings.map(function.get("Properties")).get("Environment");
            if (environment == null) {
                continue;
            }
            DeployedQueueSettings.map(DeployedQueueSettings.map(environment).get("Variables")).forEach((name, value) -> {
                if (value instanceof String text) {
                    variables.put(name, text);
                }
            });
        }
        return new DeployedCallerLimits(CallerRateLimits.Limit.fromEnvironment(variables, "CALLER_EXTRACTION_LIMIT"),
                CallerRateLimits.Limit.fromEnvironment(variables, "CALLER_EVALUATION_LIMIT"));
    }
}
