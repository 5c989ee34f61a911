package io.medextract.handlers.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import org.junit.jupiter.api.Test;

class EnumSpellingTest {

    private static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["patient","labs"],"properties":{
              "patient":{"type":"object","additionalProperties":false,"required":["sex"],
                "properties":{"sex":{"type":"string","enum":["female","male","not_documented"]}}},
              "labs":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["test","flag"],
                "properties":{"test":{"type":"string"},"flag":{"type":"string","enum":["high","low","normal"]}}}}}}""";

    @Test
    void enumValuesInAnotherCaseTakeTheSchemasSpellingSoValidationPasses() throws Exception {
        JsonNode schema = Json.mapper().readTree(SCHEMA);
        JsonNode answer = Json.mapper().readTree("""
                {"patient":{"sex":"Female"},"labs":[{"test":"HIGH","flag":"HIGH"},{"test":"WBC","flag":"Normal"}]}""");
        SchemaCheck check = new SchemaCheck();
        assertThat(check.violations("t@1", schema, answer)).hasSize(3);

        JsonNode normalised = EnumSpelling.normalise(schema, answer);
        assertThat(normalised.toString()).isEqualTo(
                "{\"patient\":{\"sex\":\"female\"},\"labs\":[{\"test\":\"HIGH\",\"flag\":\"high\"},"
                        + "{\"test\":\"WBC\",\"flag\":\"normal\"}]}");
        assertThat(check.violations("t@1", schema, normalised)).isEmpty();
        assertThat(answer.at("/patient/sex").asText()).as("input unchanged").isEqualTo("Female");
    }

    @Test
    void valuesOutsideTheEnumStayAsTheyAreAndStillFailValidation() throws Exception {
        JsonNode schema = Json.mapper().readTree(SCHEMA);
        JsonNode answer = Json.mapper().readTree("{\"patient\":{\"sex\":\"F\"},\"labs\":[]}");
        JsonNode normalised = EnumSpelling.normalise(schema, answer);
        assertThat(normalised.at("/patient/sex").asText()).isEqualTo("F");
        assertThat(new SchemaCheck().violations("t@1", schema, normalised)).hasSize(1);
    }
}
