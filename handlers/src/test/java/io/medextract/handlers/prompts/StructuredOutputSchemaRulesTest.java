package io.medextract.handlers.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.json.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StructuredOutputSchemaRulesTest {

    static Stream<String> shippedTemplateFiles() throws Exception {
        try (InputStream in = PromptRegistry.class.getResourceAsStream("/io/medextract/prompts/index.json")) {
            List<String> files = new ArrayList<>();
            Json.mapper().readTree(in).path("templates").forEach(f -> files.add(f.asText()));
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedTemplateFiles")
    void everyShippedTemplateKeepsTheLimits(String file) throws Exception {
        try (InputStream in = PromptRegistry.class.getResourceAsStream("/io/medextract/prompts/" + file)) {
            JsonNode schema = Json.mapper().readTree(in).get("schema");
            assertThat(StructuredOutputSchemaRules.check(schema)).as(file).isEmpty();
        }
    }

    @Test
    void seventeenNullableFieldsBreakTheUnionTypeLimit() {
        assertThat(StructuredOutputSchemaRules.check(objectWith(16, "{\"type\":[\"string\",\"null\"]}", true)))
                .isEmpty();
        assertThat(StructuredOutputSchemaRules.check(objectWith(17, "{\"type\":[\"string\",\"null\"]}", true)))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("$");
                    assertThat(v.rule()).contains("17 parameters with union types").contains("16");
                });
        assertThat(StructuredOutputSchemaRules.check(objectWith(17,
                "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}", true)))
                .singleElement().satisfies(v -> assertThat(v.rule()).contains("union types"));
    }

    @Test
    void twentyFiveOptionalFieldsBreakTheOptionalParameterLimit() {
        assertThat(StructuredOutputSchemaRules.check(objectWith(24, "{\"type\":\"string\"}", false))).isEmpty();
        assertThat(StructuredOutputSchemaRules.check(objectWith(25, "{\"type\":\"string\"}", false)))
                .singleElement().satisfies(v -> assertThat(v.rule()).contains("25 optional parameters").contains("24"));
    }

    @Test
    void everyObjectNeedsAdditionalPropertiesFalse() throws Exception {
        JsonNode schema = Json.mapper().readTree("""
                {"type":"object","additionalProperties":false,"required":["a","b"],"properties":{
                  "a":{"type":"object","properties":{}},
                  "b":{"type":"array","items":{"type":"object","additionalProperties":true,"properties":{}}}}}""");
        assertThat(StructuredOutputSchemaRules.check(schema)).extracting(Object::toString).containsExactlyInAnyOrder(
                "$.properties.a: objects must set \"additionalProperties\": false",
                "$.properties.b.items: objects must set \"additionalProperties\": false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"minimum\":0", "\"maximum\":9", "\"exclusiveMinimum\":0", "\"exclusiveMaximum\":9",
            "\"multipleOf\":2"})
    void numericConstraintsAreRejected(String constraint) throws Exception {
        assertThat(violationsOfField("{\"type\":\"integer\"," + constraint + "}"))
                .singleElement().asString().startsWith("$.properties.f: ").contains(constraint.split("\"")[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"minLength\":1", "\"maxLength\":9"})
    void stringLengthConstraintsAreRejected(String constraint) throws Exception {
        assertThat(violationsOfField("{\"type\":\"string\"," + constraint + "}")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maxItems\":3", "\"uniqueItems\":true", "\"minItems\":2", "\"minItems\":-1"})
    void arrayConstraintsOtherThanMinItemsZeroOrOneAreRejected(String constraint) throws Exception {
        assertThat(violationsOfField("{\"type\":\"array\",\"items\":{\"type\":\"string\"}," + constraint + "}"))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"minItems\":0", "\"minItems\":1"})
    void minItemsZeroOrOneIsAccepted(String constraint) throws Exception {
        assertThat(violationsOfField("{\"type\":\"array\",\"items\":{\"type\":\"string\"}," + constraint + "}"))
                .isEmpty();
    }

    @Test
    void onlyTheTenDocumentedStringFormatsAreAccepted() throws Exception {
        for (String format : List.of("date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4",
                "ipv6", "uuid")) {
            assertThat(violationsOfField("{\"type\":\"string\",\"format\":\"" + format + "\"}")).as(format).isEmpty();
        }
        assertThat(violationsOfField("{\"type\":\"string\",\"format\":\"uri-reference\"}"))
                .singleElement().asString().contains("uri-reference");
    }

    @Test
    void enumValuesMustBePrimitives() throws Exception {
        assertThat(violationsOfField("{\"enum\":[\"a\",1,true,null]}")).isEmpty();
        assertThat(violationsOfField("{\"enum\":[\"a\",{\"b\":1}]}")).singleElement().asString().contains("enum");
    }

    @Test
    void recursiveAndExternalReferencesAreRejected() throws Exception {
        JsonNode recursive = Json.mapper().readTree("""
                {"type":"object","additionalProperties":false,"required":["node"],
                 "properties":{"node":{"$ref":"#/$defs/node"}},
                 "$defs":{"node":{"type":"object","additionalProperties":false,"required":["children"],
                   "properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}""");
        assertThat(StructuredOutputSchemaRules.check(recursive)).singleElement().asString()
                .contains("recursive $ref '#/$defs/node'");
        assertThat(violationsOfField("{\"$ref\":\"https://example.org/other.json\"}"))
                .singleElement().asString().contains("external $ref");
        JsonNode internal = Json.mapper().readTree("""
                {"type":"object","additionalProperties":false,"required":["a","b"],
                 "properties":{"a":{"$ref":"#/$defs/code"},"b":{"$ref":"#/$defs/code"}},
                 "$defs":{"code":{"type":"string"}}}""");
        assertThat(StructuredOutputSchemaRules.check(internal)).isEmpty();
    }

    private static List<StructuredOutputSchemaRules.Violation> violationsOfField(String field) throws Exception {
        return StructuredOutputSchemaRules.check(Json.mapper().readTree(
                "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"f\"],\"properties\":{\"f\":"
                        + field + "}}"));
    }

    private static JsonNode objectWith(int fields, String fieldSchema, boolean required) {
        ObjectNode schema = Json.mapper().createObjectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        var names = schema.putArray("required");
        for (int i = 0; i < fields; i++) {
            try {
                properties.set("f" + i, Json.mapper().readTree(fieldSchema));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (required) {
                names.add("f" + i);
            }
        }
        return schema;
    }
}
