package io.medextract.handlers.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field completeness and entity counts of one extraction, measured against the template's schema: a
 * top-level field counts as filled when it holds a documented value (for objects: at least one filled
 * member); each top-level array's length is its entity count. The templates' "not documented" convention
 * (every field required, non-nullable: an empty string for text, {@value #NOT_DOCUMENTED} for enums, as
 * structured output limits union types) and null both count as not filled.
 */
public record QualityReport(double completeness, List<String> filledFields, List<String> schemaFields,
                            Map<String, Integer> entityCounts) {

    /** The enum value the shipped templates use when the document does not state the value. */
    public static final String NOT_DOCUMENTED = "not_documented";

    public QualityReport {
        filledFields = List.copyOf(filledFields);
        schemaFields = List.copyOf(schemaFields);
        entityCounts = Map.copyOf(entityCounts);
    }

    public static QualityReport measure(JsonNode schema, JsonNode document) {
        List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        List<String> filled = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode value = document.path(field);
            if (isFilled(value)) {
                filled.add(field);
            }
            if ("array".equals(schema.path("properties").path(field).path("type").asText())) {
                counts.put(field, value.isArray() ? value.size() : 0);
            }
        }
        double completeness = fields.isEmpty() ? 0 : (double) filled.size() / fields.size();
        return new QualityReport(completeness, filled, fields, counts);
    }

    private static boolean isFilled(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isTextual()) {
            String text = value.asText().strip();
            return !text.isEmpty() && !text.equalsIgnoreCase(NOT_DOCUMENTED);
        }
        if (value.isArray()) {
            return !value.isEmpty();
        }
        if (value.isObject()) {
            for (JsonNode member : value) {
                if (isFilled(member)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
