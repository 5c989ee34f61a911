package io.medextract.handlers.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON schema against the documented limits of Claude structured output (Converse
 * {@code outputConfig.textFormat} json_schema and strict tool schemas). Bedrock answers a schema outside
 * them with 400 ValidationException, so a template that breaks one would fail every extraction.
 * Jackson only: the construct runs this same class at synth time from the embedded handlers jar.
 *
 * <p>Sources: https://platform.claude.com/docs/en/build-with-claude/structured-outputs (limits, subset)
 * and https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html (Bedrock subset).
 */
public final class StructuredOutputSchemaRules {

    /** One broken rule: where in the schema (JSON path such as {@code $.properties.patient}) and which rule. */
    public record Violation(String path, String rule) {
        @Override
        public String toString() {
            return path + ": " + rule;
        }
    }

    /** "Parameters with union types: 16" (any anyOf or type array), counted over the whole request.
     *  https://platform.claude.com/docs/en/build-with-claude/structured-outputs (Schema complexity limits) */
    public static final int MAX_UNION_TYPE_PARAMETERS = 16;
    /** "Optional parameters: 24" (properties not listed in required), counted over the whole request.
     *  https://platform.claude.com/docs/en/build-with-claude/structured-outputs (Schema complexity limits) */
    public static final int MAX_OPTIONAL_PARAMETERS = 24;
    /** Numeric and string-length constraints are not supported.
     *  https://platform.claude.com/docs/en/build-with-claude/structured-outputs (JSON Schema limitations) */
    static final Set<String> UNSUPPORTED_KEYWORDS = Set.of(
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength");
    /** Array constraints other than minItems 0 or 1 are not supported (same page and
     *  https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html). */
    static final Set<String> UNSUPPORTED_ARRAY_KEYWORDS = Set.of(
            "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "prefixItems",
            "unevaluatedItems", "additionalItems");
    /** The string formats structured output supports (same two pages). */
    static final Set<String> SUPPORTED_FORMATS = Set.of(
            "date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid");

    private StructuredOutputSchemaRules() {}

    /** All violations of {@code schema}; empty when Bedrock would accept it for structured output. */
    public static List<Violation> check(JsonNode schema) {
        Walk walk = new Walk(schema);
        walk.visit(schema, "$", new HashSet<>());
        if (walk.unionParameters > MAX_UNION_TYPE_PARAMETERS) {
            walk.violations.add(new Violation("$", walk.unionParameters + " parameters with union types (type arrays"
                    + " or anyOf) exceed the limit of " + MAX_UNION_TYPE_PARAMETERS
                    + "; make fields non-nullable and mark 'not documented' values instead"));
        }
        if (walk.optionalParameters > MAX_OPTIONAL_PARAMETERS) {
            walk.violations.add(new Violation("$", walk.optionalParameters + " optional parameters (properties not"
                    + " listed in required) exceed the limit of " + MAX_OPTIONAL_PARAMETERS));
        }
        return List.copyOf(walk.violations);
    }

    /** One pass over the schema; counts are over the whole schema as Bedrock counts them per request. */
    private static final class Walk {
        private final JsonNode root;
        private final List<Violation> violations = new ArrayList<>();
        private int unionParameters;
        private int optionalParameters;

        Walk(JsonNode root) {
            this.root = root;
        }

        /** {@code refsOnPath} holds the internal refs being expanded above this node: a repeat is recursion. */
        void visit(JsonNode node, String path, Set<String> refsOnPath) {
            if (node == null || !node.isObject()) {
                if (node != null && !node.isBoolean()) {
                    violations.add(new Violation(path, "a schema must be a JSON object"));
                }
                return;
            }
            if ((node.get("type") != null && node.get("type").isArray()) || node.has("anyOf")) {
                unionParameters++;
            }
            keywords(node, path);
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                followRef(ref.asText(), path, refsOnPath);
            }
            if (isObjectSchema(node)) {
                objectRules(node, path, refsOnPath);
            }
            JsonNode items = node.get("items");
            if (items != null) {
                visit(items, path + ".items", refsOnPath);
            }
            for (String combinator : List.of("anyOf", "allOf")) {
                JsonNode parts = node.get(combinator);
                if (parts != null) {
                    for (int i = 0; i < parts.size(); i++) {
                        visit(parts.get(i), path + "." + combinator + "[" + i + "]", refsOnPath);
                    }
                }
            }
            // $defs / definitions are checked where they are used, through $ref.
        }

        private void keywords(JsonNode node, String path) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String keyword = names.next();
                if (UNSUPPORTED_KEYWORDS.contains(keyword)) {
                    violations.add(new Violation(path, "'" + keyword + "' is not supported (no numeric or"
                            + " string-length constraints)"));
                } else if (UNSUPPORTED_ARRAY_KEYWORDS.contains(keyword)) {
                    violations.add(new Violation(path, "'" + keyword + "' is not supported (arrays allow only"
                            + " minItems 0 or 1)"));
                }
            }
            JsonNode minItems = node.get("minItems");
            if (minItems != null && !(minItems.isIntegralNumber() && minItems.asInt() >= 0 && minItems.asInt() <= 1)) {
                violations.add(new Violation(path, "'minItems' may only be 0 or 1"));
            }
            JsonNode format = node.get("format");
            if (format != null && !SUPPORTED_FORMATS.contains(format.asText())) {
                violations.add(new Violation(path, "string format '" + format.asText() + "' is not supported;"
                        + " supported: " + String.join(", ", SUPPORTED_FORMATS.stream().sorted().toList())));
            }
            JsonNode values = node.get("enum");
            if (values != null) {
                for (JsonNode value : values) {
                    if (value.isContainerNode()) {
                        violations.add(new Violation(path, "enum values must be strings, numbers, booleans or null"));
                        break;
                    }
                }
            }
        }

        private void objectRules(JsonNode node, String path, Set<String> refsOnPath) {
            JsonNode additional = node.get("additionalProperties");
            if (additional == null || !additional.isBoolean() || additional.booleanValue()) {
                violations.add(new Violation(path, "objects must set \"additionalProperties\": false"));
            }
            Set<String> required = new HashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            JsonNode properties = node.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!required.contains(field.getKey())) {
                    optionalParameters++;
                }
                visit(field.getValue(), path + ".properties." + field.getKey(), refsOnPath);
            }
        }

        private void followRef(String ref, String path, Set<String> refsOnPath) {
            if (!ref.startsWith("#")) {
                violations.add(new Violation(path, "external $ref '" + ref + "' is not supported"));
                return;
            }
            if (!refsOnPath.add(ref)) {
                violations.add(new Violation(path, "recursive $ref '" + ref + "' is not supported"));
                return;
            }
            JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
            if (target.isMissingNode()) {
                violations.add(new Violation(path, "$ref '" + ref + "' points at nothing"));
            } else {
                visit(target, path + "<" + ref + ">", refsOnPath);
            }
            refsOnPath.remove(ref);
        }

        private static boolean isObjectSchema(JsonNode node) {
            JsonNode type = node.get("type");
            if (type == null) {
                return node.has("properties");
            }
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if ("object".equals(t.asText())) {
                        return true;
                    }
                }
                return false;
            }
            return "object".equals(type.asText());
        }
    }
}
