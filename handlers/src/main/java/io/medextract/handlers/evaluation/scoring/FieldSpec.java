package io.medextract.handlers.evaluation.scoring;

import java.util.Map;

/**
 * One node of the schema as the scorer sees it. Paths name fields as results show them: {@code patient.name},
 * a list {@code medications}, the fields of its items {@code medications[].dose}, the items of a list of
 * plain values {@code allergies[]}.
 */
sealed interface FieldSpec permits FieldSpec.Scalar, FieldSpec.Group, FieldSpec.ListOf {

    String path();

    /** A value compared as a whole by its rule. */
    record Scalar(String path, ValueRule rule) implements FieldSpec {}

    /** An object: its properties in schema order (fields hinted "ignore" left out). */
    record Group(String path, Map<String, FieldSpec> properties) implements FieldSpec {
        public Group {
            properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        }
    }

    /**
     * A list whose items are paired by optimal assignment. {@code key} is the item property that says which
     * item is which (a medication's name), or null when items have none.
     */
    record ListOf(String path, FieldSpec items, String key) implements FieldSpec {}
}
