package io.medextract.handlers.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB projection expression naming each attribute through a placeholder ({@code #p0, #p1, ...}), so names
 * that are reserved words ({@code status}, {@code trigger}) need no special care.
 */
record ItemProjection(String expression, Map<String, String> names) {

    ItemProjection {
        names = Map.copyOf(names);
    }

    static ItemProjection of(String... attributes) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i++) {
            names.put("#p" + i, attributes[i]);
        }
        return new ItemProjection(String.join(",", List.copyOf(names.keySet())), names);
    }
}
