package io.medextract.cdk;

/**
 * The props and the values in force: the stage defaults with the props laid over them
 * ({@link StageDefaults#overriddenBy}).
 */
record EffectiveSettings(MedExtractPlatformProps props, StageDefaults values) {

    static EffectiveSettings of(MedExtractPlatformProps props) {
        return new EffectiveSettings(props, StageDefaults.forStage(props.getStage()).overriddenBy(props));
    }

    Stage stage() {
        return values.stage();
    }

    FunctionSettings function(PlatformFunction function) {
        return values.function(function);
    }
}
