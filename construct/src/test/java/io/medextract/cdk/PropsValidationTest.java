package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.services.lambda.Runtime;

/** Every bad prop fails at synth with a message naming the prop and what is allowed. */
class PropsValidationTest {

    static Stream<Arguments> badProps() {
        return Stream.of(
                bad("stage", b -> b.stage(null)),
                bad("uploadFunction.memorySizeMb must be between 128 and 10240, got 64",
                        b -> b.uploadFunction(FunctionSettings.builder().memorySizeMb(64).build())),
                bad("extractFunction.memorySizeMb must be between 128 and 10240, got 10241",
                        b -> b.extractFunction(FunctionSettings.builder().memorySizeMb(10241).build())),
                bad("metricsFunction.timeoutSeconds must be between 1 and 900",
                        b -> b.metricsFunction(FunctionSettings.builder().timeoutSeconds(901).build())),
                bad("experimentsFunction.reservedConcurrency must be between 0 and 100000",
                        b -> b.experimentsFunction(FunctionSettings.builder().reservedConcurrency(-1).build())),
                bad("extractFunction: snapStart=true cannot be combined with provisionedConcurrency=3",
                        b -> b.stage(DeploymentStage.PROD).extractFunction(FunctionSettings.builder().snapStart(true).build())),
                bad("uploadFunction: snapStart=true cannot be combined with provisionedConcurrency=2",
                        b -> b.uploadFunction(FunctionSettings.builder().provisionedConcurrency(2).build())),
                bad("extractFunction.provisionedConcurrency (60) must not exceed extractFunction.reservedConcurrency (50)",
                        b -> b.stage(DeploymentStage.STAGING).extractFunction(FunctionSettings.builder().snapStart(false)
                                .provisionedConcurrency(60).build())),
                bad("apiRateLimit must be a positive number, got 0.0", b -> b.apiRateLimit(0)),
                bad("apiRateLimit must be a positive number, got -5.0", b -> b.apiRateLimit(-5)),
                bad("apiBurstLimit must be a positive number, got 0", b -> b.apiBurstLimit(0)),
                bad("corsAllowedOrigins must not contain an empty origin", b -> b.corsAllowedOrigins(List.of(""))),
                bad("corsAllowedOrigins entries must be '*' or scheme://host[:port]",
                        b -> b.corsAllowedOrigins(List.of("https://app.example.org/path"))),
                bad("corsAllowedOrigins entries must be '*' or scheme://host[:port]",
                        b -> b.corsAllowedOrigins(List.of("app.example.org"))),
                bad("alarmEmail must be an e-mail address", b -> b.alarmEmail("oncall")),
                bad("bedrockModelId must not be blank", b -> b.bedrockModelId(" ")),
                bad("bedrockModelRegions must list region names like us-east-1",
                        b -> b.bedrockModelRegions(List.of("useast1"))),
                bad("bedrockModelRegions must list region names like us-east-1", b -> b.bedrockModelRegions(List.of())),
                bad("extractMaxConcurrency must be between 2 and 1000, got 1", b -> b.extractMaxConcurrency(1)),
                bad("extractBatchSize must be between 1 and 10, got 11", b -> b.extractBatchSize(11)),
                bad("queueMaxReceiveCount must be between 1 and 1000, got 0", b -> b.queueMaxReceiveCount(0)),
                bad("promptLabel must not be blank", b -> b.promptLabel("")),
                bad("throttleRetryBudget must be between 1 minute and 7 days, got 30 seconds",
                        b -> b.throttleRetryBudget(software.amazon.awscdk.Duration.seconds(30))),
                bad("throttleRetryBudget must be between 1 minute and 7 days, got 8 days",
                        b -> b.throttleRetryBudget(software.amazon.awscdk.Duration.days(8))),
                bad("runtime must be a Java 17 or newer runtime", b -> b.runtime(Runtime.NODEJS_22_X)),
                bad("runtime must be a Java 17 or newer runtime (the handlers are Java 17 bytecode), e.g."
                        + " Runtime.JAVA_25; got java11", b -> b.runtime(Runtime.JAVA_11)),
                bad("runtime must be a Java 17 or newer runtime", b -> b.runtime(Runtime.JAVA_8_CORRETTO)),
                bad("authorization=COGNITO needs at least one entry in cognitoUserPools",
                        b -> b.authorization(ApiAuthorization.COGNITO)),
                bad("promptTemplatesDirectory must be an existing directory",
                        b -> b.promptTemplatesDirectory("/no/such/directory")),
                bad("promptTemplatesDirectory may only hold files named <name>@<version>.json",
                        b -> b.promptTemplatesDirectory(directoryWith("notes.txt"))),
                bad("routes through the 'apac' inference profile, whose destination regions this construct does not know",
                        b -> b.bedrockModelId("apac.anthropic.claude-sonnet-4-5-20250929-v1:0")),
                bad("application inference profile", b -> b.bedrockModelId(
                        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")),
                bad("extractFunction.reservedConcurrency (10) must be at least extractMaxConcurrency (20) + evaluationMaxConcurrency (2) + 2",
                        b -> b.stage(DeploymentStage.PROD).extractFunction(FunctionSettings.builder().reservedConcurrency(10).build())),
                bad("extractFunction.reservedConcurrency (11) must be at least extractMaxConcurrency (8) +"
                                + " evaluationMaxConcurrency (2) + 2 for the dead-letter consumer",
                        b -> b.extractMaxConcurrency(8).extractFunction(FunctionSettings.builder().reservedConcurrency(11).build())),
                bad("structuredOutputModels must list Bedrock model ids",
                        b -> b.structuredOutputModels(List.of("anthropic.claude-sonnet-4-6", " "))),
                bad("clinical-summary@1.json: prompt template clinical-summary@1 redefines a shipped version",
                        b -> b.promptTemplatesDirectory(directoryWith("clinical-summary@1.json",
                                validTemplate("clinical-summary", 1)))),
                bad("referral-letter@1.json: not valid JSON",
                        b -> b.promptTemplatesDirectory(directoryWith("referral-letter@1.json", "{\"name\":"))),
                bad("referral-letter@2.json: declares referral-letter@1 but is named referral-letter@2.json",
                        b -> b.promptTemplatesDirectory(directoryWith("referral-letter@2.json",
                                validTemplate("referral-letter", 1)))),
                bad("referral-letter@1.json: schema breaks a structured-output limit at $: 17 parameters with union"
                                + " types",
                        b -> b.promptTemplatesDirectory(directoryWith("referral-letter@1.json",
                                templateWithNullableFields(17)))),
                bad("referral-letter@1.json: schema breaks a structured-output limit at $.properties.f0:"
                                + " objects must set \"additionalProperties\": false",
                        b -> b.promptTemplatesDirectory(directoryWith("referral-letter@1.json",
                                validTemplate("referral-letter", 1).replace("\"type\":\"string\"",
                                        "\"type\":\"object\",\"properties\":{}")))),
                bad("referral-letter@1.json: evaluation.fields: 'f1' names no field of the schema",
                        b -> b.promptTemplatesDirectory(directoryWith("referral-letter@1.json",
                                validTemplate("referral-letter", 1).replaceFirst("}$",
                                        ",\"evaluation\":{\"fields\":{\"f1\":\"date\"}}}")))),
                bad("promptLabel 'nightly' points at no prompt version; labels with a version: candidate, production",
                        b -> b.promptLabel("nightly")),
                bad("prompt label 'production' points at clinical-summary@9, which is not deployed",
                        b -> b.promptLabelVersions(java.util.Map.of("production", "clinical-summary@9"))),
                bad("prompt label 'production' points at referral-letter@1, which is not deployed",
                        b -> b.promptLabelVersions(java.util.Map.of("production", "referral-letter@1"))),
                bad("gatewayEndpointPrefixListIds need vpc to be set",
                        b -> b.gatewayEndpointPrefixListIds(List.of("pl-63a5400a"))),
                bad("bedrockPrices needs a model id and non-negative prices",
                        b -> b.bedrockPrices(java.util.Map.of("anthropic.x", new BedrockPrice(-1, 2)))));
    }

    /** A template the extract function accepts; used by other tests too. */
    static String validTemplate(String name, int version) {
        return "{\"name\":\"" + name + "\",\"version\":" + version + ",\"system\":\"s\",\"instruction\":\"i\","
                + "\"maxTokens\":1024,\"schema\":{\"type\":\"object\",\"additionalProperties\":false,"
                + "\"required\":[\"f0\"],\"properties\":{\"f0\":{\"type\":\"string\"}}}}";
    }

    private static String templateWithNullableFields(int count) {
        StringBuilder properties = new StringBuilder();
        StringBuilder required = new StringBuilder();
        for (int i = 0; i < count; i++) {
            properties.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":{\"type\":[\"string\",\"null\"]}");
            required.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
        }
        return "{\"name\":\"referral-letter\",\"version\":1,\"system\":\"s\",\"instruction\":\"i\","
                + "\"schema\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[" + required
                + "],\"properties\":{" + properties + "}}}";
    }

    private static String directoryWith(String fileName) {
        return directoryWith(fileName, "{}");
    }

    private static String directoryWith(String fileName, String content) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("templates");
            java.nio.file.Files.writeString(dir.resolve(fileName), content);
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProps")
    void rejectsBadProps(String expectedMessage, Consumer<MedExtractPlatformProps.Builder> change) {
        MedExtractPlatformProps.Builder builder = MedExtractPlatformProps.builder().stage(DeploymentStage.DEV);
        change.accept(builder);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void aLabelMayPointAtAUserTemplateOrAShippedOne() {
        assertThatCode(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promptTemplatesDirectory(directoryWith("referral-letter@1.json", validTemplate("referral-letter", 1)))
                .promptLabelVersions(java.util.Map.of("production", "referral-letter@1"))
                .build()).doesNotThrowAnyException();
        assertThatCode(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promptLabel("nightly").promptLabelVersions(java.util.Map.of("nightly", "clinical-summary@2"))
                .build()).doesNotThrowAnyException();
        assertThatCode(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).promptLabel("candidate").build())
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsEveryStageWithDefaultsAndAValidOverride() {
        Arrays.stream(DeploymentStage.values()).forEach(stage -> assertThatCode(() -> MedExtractPlatformProps.builder()
                .stage(stage)
                .corsAllowedOrigins(List.of("https://app.example.org", "http://localhost:3000"))
                .extractFunction(FunctionSettings.builder().memorySizeMb(3008).build())
                .build()).doesNotThrowAnyException());
    }

    @Test
    void templatesAreCheckedByTheEmbeddedHandlersCodeWithoutPuttingItOnTheClasspath() throws Exception {
        assertThatThrownBy(() -> Class.forName(PromptTemplateCheck.ENTRY_POINT))
                .isInstanceOf(ClassNotFoundException.class);
        java.nio.file.Path dir = java.nio.file.Path.of(directoryWith("referral-letter@1.json",
                validTemplate("referral-letter", 1)));
        org.assertj.core.api.Assertions.assertThat(PromptTemplateCheck.problems(dir)).isEmpty();
        assertThatCode(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .promptTemplatesDirectory(dir.toString()).build()).doesNotThrowAnyException();
    }

    @Test
    void provisionedConcurrencyWithSnapStartTurnedOffIsAllowed() {
        assertThatCode(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .uploadFunction(FunctionSettings.builder().snapStart(false).provisionedConcurrency(2).build())
                .build()).doesNotThrowAnyException();
    }

    private static Arguments bad(String message, Consumer<MedExtractPlatformProps.Builder> change) {
        return Arguments.of(message, change);
    }
}
