package io.medextract.handlers.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Rewrites enum values the model spelled in another case ("High", "ACTIVE") to the schema's spelling before
 * schema validation: structured output does not guarantee the case of enum and const values
 * (https://platform.claude.com/docs/en/build-with-claude/structured-outputs). Values that match no enum
 * member in any case are left alone, so validation still reports them.
 */
public final class EnumSpelling {

    private EnumSpelling() {}

    /** A copy of {@code document} with enum values in the schema's spelling; the input is not changed. */
    public static JsonNode normalise(JsonNode schema, JsonNode document) {
        JsonNode copy = document.deepCopy();
        return rewrite(schema, schema, copy, 0);
    }

    private static JsonNode rewrite(JsonNode root, JsonNode schema, JsonNode value, int depth) {
        if (schema == null || !schema.isObject() || value == null || depth > 64) {
            return value;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.asText().startsWith("#")) {
            JsonNode target = ref.asText().equals("#") ? root : root.at(ref.asText().substring(1));
            value = rewrite(root, target, value, depth + 1);
        }
        if (value.isTextual()) {
            value = canonical(schema.get("enum"), value);
            value = canonical(schema.has("const")
                    ? JsonNodeFactory.instance.arrayNode().add(schema.get("const")) : null, value);
        }
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(rewrite(root, properties.get(field.getKey()), field.getValue(), depth + 1));
            }
        }
        if (value instanceof ArrayNode array && schema.has("items")) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewrite(root, schema.get("items"), array.get(i), depth + 1));
            }
        }
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            for (JsonNode branch : schema.path(combinator)) {
                value = rewrite(root, branch, value, depth + 1);
            }
        }
        return value;
    }

    private static JsonNode canonical(JsonNode members, JsonNode value) {
        if (members == null || !members.isArray()) {
            return value;
        }
        String text = value.asText();
        for (JsonNode member : members) {
            if (member.isTextual() && member.asText().equals(text)) {
                return value;
            }
        }
        for (JsonNode member : members) {
            if (member.isTextual() && member.asText().equalsIgnoreCase(text)) {
                return TextNode.valueOf(member.asText());
            }
        }
        return value;
    }
}
