package io.medextract.handlers.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.regex.Pattern;

/**
 * A versioned, immutable extraction prompt: what the model is told and the JSON schema its answer must
 * satisfy. Identified as {@code name@version}; a version never changes once used. {@code evaluation} holds the
 * optional hints on how its fields are scored against labelled documents (an empty object when there are none);
 * it is never sent to the model.
 */
public record PromptTemplate(
        String name,
        int version,
        String description,
        String system,
        String instruction,
        int maxTokens,
        JsonNode schema,
        JsonNode evaluation) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    private static final Pattern ID = Pattern.compile("([a-z][a-z0-9-]{1,62})@([1-9][0-9]{0,5})");

    public PromptTemplate {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("template name must match " + NAME.pattern());
        }
        if (version < 1) {
            throw new IllegalArgumentException("template version must be >= 1");
        }
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("template " + name + "@" + version + " needs an object JSON schema");
        }
        if (maxTokens < 256 || maxTokens > 64_000) {
            throw new IllegalArgumentException("template maxTokens must be between 256 and 64000");
        }
        if (evaluation == null || evaluation.isMissingNode() || evaluation.isNull()) {
            evaluation = JsonNodeFactory.instance.objectNode();
        }
    }

    /** A template without evaluation hints. */
    public PromptTemplate(String name, int version, String description, String system, String instruction,
                          int maxTokens, JsonNode schema) {
        this(name, version, description, system, instruction, maxTokens, schema, null);
    }

    public String id() {
        return name + "@" + version;
    }

    /** True for well-formed ids such as {@code clinical-summary@1}. */
    public static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
