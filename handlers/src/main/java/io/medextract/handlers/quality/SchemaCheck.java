package io.medextract.handlers.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates model output against a template's JSON schema (draft 2020-12). Compiled schemas are cached per
 * template id. Violations are reported by JSON path and rule only, never with the offending values.
 */
public final class SchemaCheck {

    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** Paths and rule types of the violations; empty when the document is valid. */
    public List<String> violations(String templateId, JsonNode schema, JsonNode document) {
        JsonSchema jsonSchema = compiled.computeIfAbsent(templateId, id -> JsonSchemas.compile(schema));
        Set<ValidationMessage> messages = jsonSchema.validate(document);
        return messages.stream()
                .map(m -> m.getInstanceLocation() + " " + m.getType())
                .sorted()
                .toList();
    }
}
