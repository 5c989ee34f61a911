package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.cognito.IUserPool;

/**
 * The props and the values in force: the stage defaults with the props laid over them
 * ({@link StageDefaults#overriddenBy}), and the platform's name, which every physical name and metric
 * dimension carries so that several platforms can share an account. The web console adds its origin to the
 * CORS origins and its user pool to the API's pools ({@link #withConsole}).
 */
record EffectiveSettings(MedExtractPlatformProps props, StageDefaults values, String platformName,
                         List<String> consoleOrigins, List<IUserPool> consoleUserPools) {

    EffectiveSettings {
        consoleOrigins = List.copyOf(consoleOrigins);
        consoleUserPools = List.copyOf(consoleUserPools);
    }

    static EffectiveSettings of(MedExtractPlatformProps props, String platformName) {
        return new EffectiveSettings(props, StageDefaults.forStage(props.getStage()).overriddenBy(props), platformName,
                List.of(), List.of());
    }

    /** These settings with the console's origin allowed by CORS and its user pool accepted by the API. */
    EffectiveSettings withConsole(String origin, IUserPool userPool) {
        return new EffectiveSettings(props, values, platformName, List.of(origin), List.of(userPool));
    }

    DeploymentStage stage() {
        return values.stage();
    }

    FunctionSettings function(PlatformFunction function) {
        return values.function(function);
    }

    /** {@code corsAllowedOrigins} and, with the web console, the console's origin. */
    List<String> corsAllowedOrigins() {
        List<String> all = new ArrayList<>(props.getCorsAllowedOrigins());
        all.addAll(consoleOrigins);
        return List.copyOf(all);
    }

    /** {@code cognitoUserPools} and, with the web console, its user pool. */
    List<IUserPool> cognitoUserPools() {
        List<IUserPool> all = new ArrayList<>(props.getCognitoUserPools());
        all.addAll(consoleUserPools);
        return List.copyOf(all);
    }
}
