package io.medextract.cdk;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The stage defaults with the user's props laid over them: what the construct actually builds. */
record EffectiveSettings(
        MedExtractPlatformProps props,
        Stage stage,
        Map<PlatformFunction, FunctionSettings> functions,
        double apiRateLimit,
        int apiBurstLimit,
        RetentionDays logRetention,
        RemovalPolicy removalPolicy,
        boolean autoDeleteObjects,
        boolean tableDeletionProtection,
        String bedrockModelId,
        List<String> bedrockModelRegions,
        int extractMaxConcurrency,
        int extractBatchSize,
        int queueMaxReceiveCount,
        int noncurrentVersionExpirationDays) {

    static EffectiveSettings of(MedExtractPlatformProps props) {
        StageDefaults d = StageDefaults.forStage(props.getStage());
        Map<PlatformFunction, FunctionSettings> functions = new EnumMap<>(PlatformFunction.class);
        for (PlatformFunction f : PlatformFunction.values()) {
            functions.put(f, props.getFunctionSettings(f).overriding(d.function(f)));
        }
        RemovalPolicy removal = or(props.getRemovalPolicy(), d.removalPolicy());
        return new EffectiveSettings(props, props.getStage(), Map.copyOf(functions),
                or(props.getApiRateLimit(), d.apiRateLimit()),
                or(props.getApiBurstLimit(), d.apiBurstLimit()),
                or(props.getLogRetention(), d.logRetention()),
                removal,
                d.autoDeleteObjects() && removal == RemovalPolicy.DESTROY,
                d.tableDeletionProtection() && removal != RemovalPolicy.DESTROY,
                or(props.getBedrockModelId(), d.bedrockModelId()),
                or(props.getBedrockModelRegions(), d.bedrockModelRegions()),
                or(props.getExtractMaxConcurrency(), d.extractMaxConcurrency()),
                or(props.getExtractBatchSize(), d.extractBatchSize()),
                or(props.getQueueMaxReceiveCount(), d.queueMaxReceiveCount()),
                d.noncurrentVersionExpirationDays());
    }

    FunctionSettings function(PlatformFunction function) {
        return functions.get(function);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
