package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an output schema and the template's optional {@code evaluation} hints into the {@link FieldSpec} tree
 * the scorer walks. A field's kind comes from its hint when there is one, else from the schema: {@code enum}
 * is enum, {@code number}/{@code integer} number, {@code boolean} exact, {@code format: date}/{@code date-time}
 * date, other strings text, arrays lists, objects their properties.
 *
 * <p>Hints ({@code {"dateOrder": "day-first", "fields": {path: hint}}}): a kind name ({@code text, exact,
 * enum, date, number, unit, icd10, route, frequency, ignore}), {@code {"date": "day-first"}}, {@code {"quantity": ["mg", "g"]}}
 * (the units converted into each other; add {@code "unitField": "unit"} when the unit is in a sibling
 * property), or on a list {@code {"list": {"key": "name"}}} ({@code null} for
 * no key). A list's default key is the first text property of its items.
 */
final class ScoringPlan {

    static final Set<String> KINDS = Set.of(
            "text", "exact", "enum", "date", "number", "unit", "icd10", "route", "frequency", "ignore");

    private final JsonNode root;
    private final Map<String, JsonNode> hints = new LinkedHashMap<>();
    private final Set<String> used = new TreeSet<>();
    private final Set<String> known = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private DateOrder dateOrder = DateOrder.MONTH_FIRST;

    private ScoringPlan(JsonNode root) {
        this.root = root;
    }

    /**
     * The tree for {@code schema} with {@code evaluationHints} (null or missing for none).
     *
     * @throws IllegalArgumentException naming every hint that does not fit the schema
     */
    static FieldSpec.Group build(JsonNode schema, JsonNode evaluationHints) {
        ScoringPlan plan = new ScoringPlan(schema);
        FieldSpec.Group root = plan.read(evaluationHints);
        if (!plan.problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", plan.problems));
        }
        return root;
    }

    /** Every way {@code evaluationHints} does not fit {@code schema}; empty when it does. */
    static List<String> problems(JsonNode schema, JsonNode evaluationHints) {
        ScoringPlan plan = new ScoringPlan(schema);
        plan.read(evaluationHints);
        return List.copyOf(plan.problems);
    }

    private FieldSpec.Group read(JsonNode evaluationHints) {
        readHints(evaluationHints);
        FieldSpec spec = walk(root, "", 0);
        for (String path : hints.keySet()) {
            if (!used.contains(path)) {
                problems.add("evaluation.fields: '" + path + "' names no field of the schema; fields: "
                        + String.join(", ", known));
            }
        }
        if (spec instanceof FieldSpec.Group group) {
            return group;
        }
        problems.add("schema: the root must be an object");
        return new FieldSpec.Group("", Map.of());
    }

    private void readHints(JsonNode evaluation) {
        if (evaluation == null || evaluation.isMissingNode() || evaluation.isNull()) {
            return;
        }
        JsonNode order = evaluation.get("dateOrder");
        if (order != null) {
            dateOrder = dateOrder(order, "evaluation.dateOrder");
        }
        for (Map.Entry<String, JsonNode> hint : evaluation.path("fields").properties()) {
            hints.put(hint.getKey(), hint.getValue());
        }
    }

    private FieldSpec walk(JsonNode node, String path, int depth) {
        JsonNode schema = resolve(node, depth);
        if (!path.isEmpty()) {
            known.add(path);
        }
        JsonNode hint = hints.get(path);
        if (hint != null) {
            used.add(path);
            if (hint.isTextual() && hint.asText().equals("ignore")) {
                return null;
            }
        }
        String type = type(schema);
        if ("object".equals(type) && depth < 32) {
            if (hint != null) {
                problems.add("evaluation.fields: '" + path + "' is an object; hint its fields instead");
            }
            Map<String, FieldSpec> properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                FieldSpec child = walk(property.getValue(), childPath, depth + 1);
                if (child != null) {
                    properties.put(property.getKey(), child);
                }
            }
            checkUnitFields(properties);
            return new FieldSpec.Group(path, properties);
        }
        if ("array".equals(type) && depth < 32) {
            FieldSpec items = walk(schema.path("items"), path + "[]", depth + 1);
            if (items == null) {
                return null;
            }
            return new FieldSpec.ListOf(path, items, listKey(path, hint, items));
        }
        if (hint != null) {
            return scalarFromHint(path, hint);
        }
        return new FieldSpec.Scalar(path, inferred(schema, type));
    }

    private ValueRule inferred(JsonNode schema, String type) {
        if (schema.has("enum") || schema.has("const")) {
            return new EnumRule();
        }
        if ("number".equals(type) || "integer".equals(type)) {
            return new NumberRule();
        }
        if ("boolean".equals(type)) {
            return new ExactRule();
        }
        String format = schema.path("format").asText("");
        if (format.equals("date") || format.equals("date-time")) {
            return new DateRule(dateOrder);
        }
        return new TextRule();
    }

    private FieldSpec scalarFromHint(String path, JsonNode hint) {
        String where = "evaluation.fields['" + path + "']";
        if (hint.isTextual()) {
            String kind = hint.asText();
            return switch (kind) {
                case "text" -> new FieldSpec.Scalar(path, new TextRule());
                case "exact" -> new FieldSpec.Scalar(path, new ExactRule());
                case "enum" -> new FieldSpec.Scalar(path, new EnumRule());
                case "date" -> new FieldSpec.Scalar(path, new DateRule(dateOrder));
                case "number" -> new FieldSpec.Scalar(path, new NumberRule());
                case "unit" -> new FieldSpec.Scalar(path, new UnitRule());
                case "icd10" -> new FieldSpec.Scalar(path, new Icd10Rule());
                case "route" -> new FieldSpec.Scalar(path, new RouteRule());
                case "frequency" -> new FieldSpec.Scalar(path, new FrequencyRule());
                default -> {
                    problems.add(where + ": unknown kind '" + kind + "'; kinds: " + String.join(", ", new TreeSet<>(KINDS))
                            + ", {\"date\": \"day-first\"}, {\"quantity\": [units]}");
                    yield new FieldSpec.Scalar(path, new TextRule());
                }
            };
        }
        if (hint.isObject() && hint.size() == 1 && hint.has("date")) {
            return new FieldSpec.Scalar(path, new DateRule(dateOrder(hint.get("date"), where + ".date")));
        }
        boolean unitField = hint.isObject() && hint.size() == 2 && hint.path("unitField").isTextual();
        if (hint.isObject() && (hint.size() == 1 || unitField) && hint.path("quantity").isArray()) {
            Set<ConvertibleUnit> units = new java.util.HashSet<>();
            for (JsonNode unit : hint.get("quantity")) {
                ConvertibleUnit.parse(unit.asText()).ifPresentOrElse(units::add,
                        () -> problems.add(where + ".quantity: unknown unit '" + unit.asText() + "'"));
            }
            return new FieldSpec.Scalar(path, new QuantityRule(units, unitField ? hint.get("unitField").asText() : null));
        }
        problems.add(where + ": a hint is a kind name, {\"date\": order} or {\"quantity\": [units]}");
        return new FieldSpec.Scalar(path, new TextRule());
    }

    /** A quantity's unitField must name a plain sibling property. */
    private void checkUnitFields(Map<String, FieldSpec> properties) {
        for (FieldSpec child : properties.values()) {
            if (child instanceof FieldSpec.Scalar scalar && scalar.rule() instanceof QuantityRule quantity
                    && quantity.unitField() != null && !(properties.get(quantity.unitField()) instanceof FieldSpec.Scalar)) {
                problems.add("evaluation.fields['" + scalar.path() + "'].unitField: '" + quantity.unitField()
                        + "' is not a plain property beside it");
            }
        }
    }

    private String listKey(String path, JsonNode hint, FieldSpec items) {
        if (hint != null) {
            JsonNode list = hint.path("list");
            if (!hint.isObject() || hint.size() != 1 || !list.isObject() || !list.has("key")) {
                problems.add("evaluation.fields['" + path + "']: a list takes {\"list\": {\"key\": property or null}}");
            } else if (!list.get("key").isNull()) {
                String key = list.get("key").asText();
                if (!(items instanceof FieldSpec.Group group) || !(group.properties().get(key) instanceof FieldSpec.Scalar)) {
                    problems.add("evaluation.fields['" + path + "'].list.key: '" + key
                            + "' is not a plain property of the items");
                    return null;
                }
                return key;
            } else {
                return null;
            }
        }
        if (items instanceof FieldSpec.Group group) {
            for (Map.Entry<String, FieldSpec> property : group.properties().entrySet()) {
                if (property.getValue() instanceof FieldSpec.Scalar scalar && scalar.rule() instanceof TextRule) {
                    return property.getKey();
                }
            }
        }
        return null;
    }

    private DateOrder dateOrder(JsonNode value, String where) {
        return switch (value.asText().toLowerCase(Locale.ROOT)) {
            case "day-first" -> DateOrder.DAY_FIRST;
            case "month-first" -> DateOrder.MONTH_FIRST;
            default -> {
                problems.add(where + ": must be \"month-first\" or \"day-first\"");
                yield DateOrder.MONTH_FIRST;
            }
        };
    }

    /** Follows internal $ref and picks the non-null branch of a nullable union. */
    private JsonNode resolve(JsonNode node, int depth) {
        JsonNode schema = node;
        for (int hops = 0; schema.has("$ref") && hops < 8; hops++) {
            String ref = schema.get("$ref").asText();
            schema = ref.equals("#") ? root : root.at(ref.startsWith("#") ? ref.substring(1) : "/missing");
        }
        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && anyOf.isArray() && depth < 32) {
            for (JsonNode branch : anyOf) {
                JsonNode resolved = resolve(branch, depth + 1);
                if (!"null".equals(type(resolved))) {
                    return resolved;
                }
            }
        }
        return schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type == null) {
            return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
        }
        return type.asText();
    }
}
