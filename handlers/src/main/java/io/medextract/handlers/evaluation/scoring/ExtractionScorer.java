package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.medextract.handlers.quality.EnumSpelling;
import io.medextract.handlers.quality.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores extracted documents against expected ones for one prompt template's output schema, with the field
 * rules of "How evaluations are scored" (README). Immutable and safe to share between threads.
 */
public final class ExtractionScorer {

    private final JsonNode schema;
    private final FieldSpec.Group plan;
    private final JsonSchema compiled;

    /**
     * @param outputSchema    the template's output JSON schema (root an object)
     * @param evaluationHints the template's {@code evaluation} member, or null for none
     * @throws IllegalArgumentException when a hint names no field of the schema or is not a hint
     */
    public ExtractionScorer(JsonNode outputSchema, JsonNode evaluationHints) {
        this.schema = outputSchema.deepCopy();
        this.plan = ScoringPlan.build(schema, evaluationHints);
        this.compiled = JsonSchemas.compile(schema);
    }

    public ExtractionScorer(JsonNode outputSchema) {
        this(outputSchema, null);
    }

    /** How {@code actual} (the model's extraction) compares with {@code expected} (the labelled truth). */
    public DocumentScore score(JsonNode expected, JsonNode actual) {
        Tally tally = new Tally();
        DocumentComparison.register(plan, tally);
        DocumentComparison.compare(plan, expected, actual, tally);
        return DocumentScore.of(tally);
    }

    /**
     * Why {@code expected} cannot serve as labelled truth for this schema, one readable line each (JSON path and
     * rule, never the value); empty when it can. Enum values in another case are accepted, as in extractions.
     * Besides the schema, filled dates must read as dates and filled ICD-10 fields as ICD-10 codes.
     */
    public List<String> validateExpected(JsonNode expected) {
        List<String> problems = new ArrayList<>();
        if (expected == null || !expected.isObject()) {
            return List.of("$: the expected extraction must be a JSON object");
        }
        JsonNode normalised = EnumSpelling.normalise(schema, expected);
        compiled.validate(normalised).stream()
                .map(m -> m.getInstanceLocation() + ": " + m.getMessage().replaceFirst("^\\$[^:]*: ", ""))
                .sorted()
                .forEach(problems::add);
        readable(plan, normalised, "$", problems);
        return List.copyOf(problems);
    }

    private static void readable(FieldSpec spec, JsonNode value, String location, List<String> problems) {
        if (NotFilled.isNotFilled(value)) {
            return;
        }
        if (spec instanceof FieldSpec.Scalar scalar && value.isValueNode()) {
            scalar.rule().problem(value.asText()).ifPresent(p -> problems.add(location + ": " + p));
        } else if (spec instanceof FieldSpec.Group group && value.isObject()) {
            for (Map.Entry<String, FieldSpec> property : group.properties().entrySet()) {
                JsonNode child = value.get(property.getKey());
                if (child != null) {
                    readable(property.getValue(), child, location + "." + property.getKey(), problems);
                }
            }
        } else if (spec instanceof FieldSpec.ListOf list && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                readable(list.items(), value.get(i), location + "[" + i + "]", problems);
            }
        }
    }
}
