package io.medextract.cdk;

/**
 * The props and the values in force: the stage defaults with the props laid over them
 * ({@link StageDefaults#overriddenBy}), and the platform's name, which every physical name and metric
 * dimension carries so that several platforms can share an account.
 */
record EffectiveSettings(MedExtractPlatformProps props, StageDefaults values, String platformName) {

    static EffectiveSettings of(MedExtractPlatformProps props, String platformName) {
        return new EffectiveSettings(props, StageDefaults.forStage(props.getStage()).overriddenBy(props), platformName);
    }

    DeploymentStage stage() {
        return values.stage();
    }

    FunctionSettings function(PlatformFunction function) {
        return values.function(function);
    }
}
