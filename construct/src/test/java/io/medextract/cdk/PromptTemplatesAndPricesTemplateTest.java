package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** User prompt templates arrive as a layer on the functions that read them; prices reach the handlers. */
class PromptTemplatesAndPricesTemplateTest {

    @Test
    void templatesDirectoryBecomesALayerAndPricesAnEnvironmentVariable() throws Exception {
        Path dir = Files.createTempDirectory("templates");
        Files.writeString(dir.resolve("referral-letter@1.json"), PropsValidationTest.validTemplate("referral-letter", 1));
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV)
                .promptTemplatesDirectory(dir.toString())
                .promptLabelVersions(Map.of("production", "referral-letter@1"))
                .bedrockPrices(Map.of("anthropic.claude-sonnet-4-5-20250929-v1:0", new BedrockPrice(2.5, 12.5)))
                .build());
        s.template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        for (PlatformFunction kind : PlatformFunction.values()) {
            Map<String, Object> fn = s.functionProperties(kind);
            Map<String, Object> env = map(map(fn.get("Environment")).get("Variables"));
            assertThat(env).containsEntry("PROMPT_TEMPLATES_DIR", "/opt/medextract/prompts")
                    .containsEntry("PROMPT_LABEL_VERSIONS", "{\"production\":\"referral-letter@1\"}")
                    .containsEntry("BEDROCK_PRICES",
                            "{\"anthropic.claude-sonnet-4-5-20250929-v1:0\":{\"input\":2.5,\"output\":12.5}}");
            int layers = list(fn.get("Layers")).size();
            boolean readsTemplates = kind == PlatformFunction.EXTRACT || kind == PlatformFunction.EXPERIMENTS;
            assertThat(layers).as(kind.name()).isEqualTo(readsTemplates ? 2 : 1); // + Lambda Insights
        }
    }

    @Test
    void structuredOutputModelsReachTheExtractAndExperimentsFunctionsAndOnlyWhenGiven() {
        SynthesizedPlatform given = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV)
                .structuredOutputModels(java.util.List.of("anthropic.claude-sonnet-4-6", " anthropic.claude-opus-4-6-v1"))
                .build());
        for (PlatformFunction kind : PlatformFunction.values()) {
            Map<String, Object> env = map(map(given.functionProperties(kind).get("Environment")).get("Variables"));
            // Both build a prompt registry with the table: extract to call the model, experiments to check templates.
            if (kind == PlatformFunction.EXTRACT || kind == PlatformFunction.EXPERIMENTS) {
                assertThat(env).as(kind.name()).containsEntry("STRUCTURED_OUTPUT_MODELS",
                        "anthropic.claude-sonnet-4-6,anthropic.claude-opus-4-6-v1");
            } else {
                assertThat(env).as(kind.name()).doesNotContainKey("STRUCTURED_OUTPUT_MODELS");
            }
        }
        Map<String, Object> defaults = map(map(SynthesizedPlatform.of(DeploymentStage.DEV)
                .functionProperties(PlatformFunction.EXTRACT).get("Environment")).get("Variables"));
        assertThat(defaults).doesNotContainKey("STRUCTURED_OUTPUT_MODELS");
    }

    @Test
    void onlyUploadExperimentAndEvaluationBodiesCarryARequestModel() {
        SynthesizedPlatform s = SynthesizedPlatform.of(DeploymentStage.DEV);
        long withModel = s.resources("AWS::ApiGateway::Method").values().stream()
                .map(m -> map(m.get("Properties")))
                .filter(p -> p.containsKey("RequestModels"))
                .count();
        // POST /api/upload, POST /api/experiments, PATCH /api/experiments/{id}, and the three evaluation POSTs
        // (/api/evaluation-sets, /api/evaluation-sets/{id}/documents, /api/evaluations)
        assertThat(withModel).isEqualTo(6);
        s.template.hasResourceProperties("AWS::ApiGateway::Model", software.amazon.awscdk.assertions.Match.objectLike(
                Map.of("Name", "UploadRequest", "Schema", software.amazon.awscdk.assertions.Match.objectLike(Map.of(
                        "required", java.util.List.of("filename", "contentType"),
                        "additionalProperties", false)))));
    }
}
