package io.medextract.handlers.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {

    @Test
    void shippedClinicalTemplatesLoadWithTheirSchemas() {
        PromptRegistry registry = PromptRegistry.load(null, true);
        assertThat(registry.ids()).contains("clinical-summary@1", "clinical-summary@2");
        PromptTemplate t = registry.find("clinical-summary@1").orElseThrow();
        assertThat(t.schema().path("properties").fieldNames()).toIterable().containsExactly(
                "patient", "encounter", "diagnoses", "medications", "allergies", "vitals", "labs", "procedures",
                "providers");
        assertThat(t.schema().at("/properties/diagnoses/items/properties/icd10Code")).isNotNull();
        assertThat(t.schema().at("/properties/medications/items/required").toString())
                .contains("dose").contains("route").contains("frequency");
        assertThat(registry.defaultVersionFor("production")).contains("clinical-summary@1");
    }

    private static final String USER_TEMPLATE = """
            {"name":"referral-letter","version":1,"system":"s","instruction":"i","maxTokens":1024,
             "schema":{"type":"object","additionalProperties":false,"required":["reason"],
                       "properties":{"reason":{"type":"string"}}}}""";

    @Test
    void everyShippedTemplateKeepsTheDocumentedFileFormat() throws Exception {
        com.fasterxml.jackson.databind.JsonNode index = io.medextract.handlers.json.Json.readTree(
                PromptRegistry.class.getResourceAsStream("/io/medextract/prompts/index.json"));
        for (com.fasterxml.jackson.databind.JsonNode file : index.path("templates")) {
            com.fasterxml.jackson.databind.JsonNode template = io.medextract.handlers.json.Json.readTree(
                    PromptRegistry.class.getResourceAsStream("/io/medextract/prompts/" + file.asText()));
            assertThat(TemplateFileFormat.violations(template)).as(file.asText()).isEmpty();
        }
    }

    @Test
    void shippedTemplatesCarryEvaluationHintsOutsideTheSchemaSentToTheModel() {
        PromptTemplate t = PromptRegistry.load(null, true).find("clinical-summary@2").orElseThrow();

        assertThat(t.evaluation().at("/fields/diagnoses[].icd10Code").asText()).isEqualTo("icd10");
        assertThat(t.schema().toString()).doesNotContain("icd10\"").doesNotContain("quantity");
        assertThat(StructuredOutputSchemaRules.check(t.schema())).isEmpty();
    }

    @Test
    void evaluationHintsNamingNoFieldOfTheSchemaAreRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE.replace("}}}}",
                "}}},\"evaluation\":{\"fields\":{\"reasons\":\"text\",\"reason\":\"date\"}}}"));

        assertThatThrownBy(() -> PromptRegistry.load(dir, true))
                .isInstanceOf(InvalidPromptTemplatesException.class)
                .hasMessageContaining("referral-letter@1.json: evaluation.fields: 'reasons' names no field");
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE.replace("}}}}",
                "}}},\"evaluation\":{\"fields\":{\"reason\":\"colour\"}}}"));
        assertThatThrownBy(() -> PromptRegistry.load(dir, true))
                .isInstanceOf(InvalidPromptTemplatesException.class)
                .hasMessageContaining("template format: $.evaluation.fields.reason");
    }

    @Test
    void aFileOutsideTheFormatIsRejectedWithPathAndRule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"),
                USER_TEMPLATE.replace("\"instruction\"", "\"instructions\""));

        assertThatThrownBy(() -> PromptRegistry.load(dir, true))
                .isInstanceOf(InvalidPromptTemplatesException.class)
                .hasMessageContaining("referral-letter@1.json: template format:")
                .hasMessageContaining("instruction");
    }

    @Test
    void labelDefaultsPointLabelsAtDeployedVersionsOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE);
        PromptRegistry registry = PromptRegistry.load(dir, true)
                .withLabelDefaults(java.util.Map.of("production", "referral-letter@1", "nightly", "clinical-summary@2"));

        assertThat(registry.defaultVersionFor("production")).contains("referral-letter@1");
        assertThat(registry.defaultVersionFor("nightly")).contains("clinical-summary@2");
        assertThat(registry.defaultVersionFor("candidate")).contains("clinical-summary@2");
        assertThatThrownBy(() -> PromptRegistry.load(null, true)
                .withLabelDefaults(java.util.Map.of("production", "referral-letter@1")))
                .isInstanceOf(InvalidPromptTemplatesException.class)
                .hasMessageContaining("prompt label 'production' points at referral-letter@1, which is not deployed");
    }

    @Test
    void userTemplatesAreAddedButCannotRedefineAShippedVersion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE);
        assertThat(PromptRegistry.load(dir, true).find("referral-letter@1")).isPresent();

        Files.writeString(dir.resolve("clinical-summary@1.json"),
                USER_TEMPLATE.replace("referral-letter", "clinical-summary"));
        assertThatThrownBy(() -> PromptRegistry.load(dir, true)).hasMessageContaining("redefines a shipped version");
    }

    @Test
    void aTemplateBreakingTheStructuredOutputLimitsFailsLoadingWithFileAndRule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"),
                USER_TEMPLATE.replace("\"type\":\"string\"", "\"type\":\"string\",\"maxLength\":200"));
        assertThatThrownBy(() -> PromptRegistry.load(dir, true))
                .isInstanceOf(InvalidPromptTemplatesException.class)
                .hasMessageContaining("referral-letter@1.json")
                .hasMessageContaining("$.properties.reason")
                .hasMessageContaining("'maxLength' is not supported");
        // Forced tool use (models without structured output) has no such limits.
        assertThat(PromptRegistry.load(dir, false).find("referral-letter@1")).isPresent();
    }

    @Test
    void brokenJsonAndAFileNamedAfterAnotherIdAreRejectedTogether(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE);
        Files.writeString(dir.resolve("referral-letter@2.json"), USER_TEMPLATE);
        Files.writeString(dir.resolve("discharge-note@1.json"), "{\"name\": \"discharge-note\",");
        assertThatThrownBy(() -> PromptRegistry.load(dir, false))
                .isInstanceOfSatisfying(InvalidPromptTemplatesException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("discharge-note@1.json").contains("not valid JSON"))
                        .anySatisfy(p -> assertThat(p).contains("referral-letter@2.json")
                                .contains("declares referral-letter@1")));
    }

    @Test
    void theSynthTimeEntryPointReportsProblemsAsText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE.replace("false", "true"));
        assertThat(UserPromptTemplateCheck.problems(dir)).singleElement().asString()
                .contains("referral-letter@1.json").contains("additionalProperties");
        Files.writeString(dir.resolve("referral-letter@1.json"), USER_TEMPLATE);
        assertThat(UserPromptTemplateCheck.problems(dir)).isEmpty();
    }

    @Test
    void idsAreWellFormed() {
        assertThat(PromptTemplate.isWellFormedId("clinical-summary@12")).isTrue();
        assertThat(PromptTemplate.isWellFormedId("clinical-summary@0")).isFalse();
        assertThat(PromptTemplate.isWellFormedId("../x@1")).isFalse();
        assertThat(PromptTemplate.isWellFormedId("Clinical@1")).isFalse();
    }
}
