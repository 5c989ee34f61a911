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
        PromptRegistry registry = PromptRegistry.load(null);
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

    @Test
    void userTemplatesAreAddedButCannotRedefineAShippedVersion(@TempDir Path dir) throws Exception {
        String template = """
                {"name":"referral-letter","version":1,"system":"s","instruction":"i","maxTokens":1024,
                 "schema":{"type":"object","properties":{"reason":{"type":"string"}}}}""";
        Files.writeString(dir.resolve("referral-letter@1.json"), template);
        assertThat(PromptRegistry.load(dir).find("referral-letter@1")).isPresent();

        Files.writeString(dir.resolve("clinical-summary@1.json"), template.replace("referral-letter", "clinical-summary"));
        assertThatThrownBy(() -> PromptRegistry.load(dir)).hasMessageContaining("redefines a shipped version");
    }

    @Test
    void idsAreWellFormed() {
        assertThat(PromptTemplate.isWellFormedId("clinical-summary@12")).isTrue();
        assertThat(PromptTemplate.isWellFormedId("clinical-summary@0")).isFalse();
        assertThat(PromptTemplate.isWellFormedId("../x@1")).isFalse();
        assertThat(PromptTemplate.isWellFormedId("Clinical@1")).isFalse();
    }
}
