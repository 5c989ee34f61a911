package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one extracted document with its expected document, field by field, into a {@link Tally}.
 *
 * <p>A plain field counts once: matched, wrong (both filled, not the same), missing (only expected filled)
 * or extra (only extracted filled); nothing when neither is filled ({@link NotFilled}).
 *
 * <p>A list pairs its items first ({@link ItemAssignment}) on a similarity in [0, 1]: when the items have a
 * key property (a medication's name) half of it is how well the keys agree (1 when they match under their rule,
 * else the share of words they have in common) and half the share of the other fields that match; items whose
 * keys share no word are never paired. An item whose key is not filled on one side scores half the share of
 * its other fields that match. Without a key it is the share of matching fields. Paired items then
 * count field by field as above; an unpaired expected item counts each of its filled fields missing, an
 * unpaired extracted item each of its filled fields extra. The list itself counts items: matched when every
 * field of the pair matches, wrong when paired with a difference, missing, extra.
 */
final class DocumentComparison {

    private static final JsonNode ABSENT = MissingNode.getInstance();

    private DocumentComparison() {}

    static void compare(FieldSpec spec, JsonNode expected, JsonNode actual, Tally tally) {
        if (spec instanceof FieldSpec.Scalar scalar) {
            compareScalar(scalar, expected, actual, tally);
        } else if (spec instanceof FieldSpec.Group group) {
            compareGroup(group, expected, actual, tally);
        } else if (spec instanceof FieldSpec.ListOf list) {
            compareList(list, expected, actual, tally);
        }
    }

    /** Every field and list of {@code spec} with zero counts, so each document's score names them all in order. */
    static void register(FieldSpec spec, Tally tally) {
        if (spec instanceof FieldSpec.Scalar scalar) {
            tally.field(scalar.path(), scalar.rule().kind());
        } else if (spec instanceof FieldSpec.Group group) {
            group.properties().values().forEach(child -> register(child, tally));
        } else if (spec instanceof FieldSpec.ListOf list) {
            tally.list(list.path());
            register(list.items(), tally);
        }
    }

    /**
     * Each property in turn. An amount whose unit is in a sibling property ({@link QuantityRule#unitField()}) is
     * compared with its unit ("37.0" "°C" against "98.6" "°F") when both sides give a unit, else alone; when the
     * amounts agree with their units the unit counts matched too, however it is spelled.
     */
    private static void compareGroup(FieldSpec.Group group, JsonNode expected, JsonNode actual, Tally tally) {
        Set<String> unitsSettled = new HashSet<>();
        Map<String, JsonNode[]> withUnits = new HashMap<>();
        for (Map.Entry<String, FieldSpec> property : group.properties().entrySet()) {
            if (property.getValue() instanceof FieldSpec.Scalar scalar && scalar.rule() instanceof QuantityRule q
                    && q.unitField() != null) {
                JsonNode expectedUnit = member(expected, q.unitField());
                JsonNode actualUnit = member(actual, q.unitField());
                if (isPlain(expectedUnit) && isPlain(actualUnit)) {
                    JsonNode e = withUnit(member(expected, property.getKey()), expectedUnit);
                    JsonNode a = withUnit(member(actual, property.getKey()), actualUnit);
                    withUnits.put(property.getKey(), new JsonNode[] {e, a});
                    if (isPlain(e) && isPlain(a) && q.compare(e, a) == Outcome.MATCH) {
                        unitsSettled.add(q.unitField());
                    }
                }
            }
        }
        for (Map.Entry<String, FieldSpec> property : group.properties().entrySet()) {
            String name = property.getKey();
            if (unitsSettled.contains(name)) {
                FieldSpec.Scalar unit = (FieldSpec.Scalar) property.getValue();
                tally.field(unit.path(), unit.rule().kind()).matched++;
            } else if (withUnits.containsKey(name)) {
                compare(property.getValue(), withUnits.get(name)[0], withUnits.get(name)[1], tally);
            } else {
                compare(property.getValue(), member(expected, name), member(actual, name), tally);
            }
        }
    }

    /** The amount with its unit appended; the amount alone when it is not filled or not a plain value. */
    private static JsonNode withUnit(JsonNode amount, JsonNode unit) {
        return isPlain(amount) ? TextNode.valueOf(amount.asText().strip() + " " + unit.asText().strip()) : amount;
    }

    private static boolean isPlain(JsonNode value) {
        return !NotFilled.isNotFilled(value) && value.isValueNode();
    }

    private static void compareScalar(FieldSpec.Scalar scalar, JsonNode expected, JsonNode actual, Tally tally) {
        boolean expectedFilled = !NotFilled.isNotFilled(expected);
        boolean actualFilled = !NotFilled.isNotFilled(actual);
        if (!expectedFilled && !actualFilled) {
            tally.field(scalar.path(), scalar.rule().kind());
            return;
        }
        Tally.Counts counts = tally.field(scalar.path(), scalar.rule().kind());
        if (!actualFilled) {
            counts.missing++;
        } else if (!expectedFilled) {
            counts.extra++;
        } else {
            count(scalar.rule(), scalar.rule().compare(expected, actual), counts);
        }
    }

    private static void count(ValueRule rule, Outcome outcome, Tally.Counts counts) {
        switch (outcome) {
            case MATCH -> {
                counts.matched++;
                if (rule instanceof Icd10Rule) {
                    counts.categoryMatched++;
                }
            }
            case CATEGORY_MATCH -> {
                counts.wrong++;
                counts.categoryMatched++;
            }
            case MISMATCH -> counts.wrong++;
        }
    }

    private static void compareList(FieldSpec.ListOf list, JsonNode expected, JsonNode actual, Tally tally) {
        List<JsonNode> want = filledItems(expected);
        List<JsonNode> got = filledItems(actual);
        Tally[][] pairTallies = new Tally[want.size()][got.size()];
        double[][] similarity = new double[want.size()][got.size()];
        for (int i = 0; i < want.size(); i++) {
            for (int j = 0; j < got.size(); j++) {
                Tally pair = new Tally();
                compare(list.items(), want.get(i), got.get(j), pair);
                pairTallies[i][j] = pair;
                similarity[i][j] = similarity(list, want.get(i), got.get(j), pair);
            }
        }
        int[] paired = ItemAssignment.pair(similarity, got.size());
        boolean[] taken = new boolean[got.size()];
        Tally.Counts items = tally.list(list.path());
        for (int i = 0; i < want.size(); i++) {
            if (paired[i] < 0) {
                compare(list.items(), want.get(i), ABSENT, tally);
                items.missing++;
                continue;
            }
            Tally pair = pairTallies[i][paired[i]];
            taken[paired[i]] = true;
            tally.add(pair);
            if (pair.isPerfect()) {
                items.matched++;
            } else {
                items.wrong++;
            }
        }
        for (int j = 0; j < got.size(); j++) {
            if (!taken[j]) {
                compare(list.items(), ABSENT, got.get(j), tally);
                items.extra++;
            }
        }
    }

    private static double similarity(FieldSpec.ListOf list, JsonNode expected, JsonNode actual, Tally pair) {
        if (list.key() == null) {
            return credit(pair, null);
        }
        FieldSpec.Scalar key = (FieldSpec.Scalar) ((FieldSpec.Group) list.items()).properties().get(list.key());
        JsonNode expectedKey = member(expected, list.key());
        JsonNode actualKey = member(actual, list.key());
        if (NotFilled.isNotFilled(expectedKey) || NotFilled.isNotFilled(actualKey)) {
            // An item without its key can still be recognised by its other fields, at half the weight.
            return 0.5 * credit(pair, key.path());
        }
        double keyAgreement = keyAgreement(key, expectedKey, actualKey);
        return keyAgreement == 0 ? 0 : 0.5 * keyAgreement + 0.5 * credit(pair, key.path());
    }

    private static double keyAgreement(FieldSpec.Scalar key, JsonNode expected, JsonNode actual) {
        return switch (key.rule().compare(expected, actual)) {
            case MATCH -> 1;
            case CATEGORY_MATCH -> 0.5;
            case MISMATCH -> expected.isTextual() && actual.isTextual()
                    ? TextNormaliser.wordOverlap(expected.asText(), actual.asText()) : 0;
        };
    }

    /**
     * Share of the compared fields (except {@code skipPath}) that match; a category match earns half. With
     * nothing compared it is 1 beside a key (the key decides alone) and 0 without one.
     */
    private static double credit(Tally pair, String skipPath) {
        double earned = 0;
        int compared = 0;
        for (Map.Entry<String, Tally.Counts> field : pair.fields.entrySet()) {
            if (field.getKey().equals(skipPath)) {
                continue;
            }
            Tally.Counts c = field.getValue();
            int categoryOnly = c.kind.equals("icd10") ? c.categoryMatched - c.matched : 0;
            earned += c.matched + 0.5 * categoryOnly;
            compared += c.matched + c.wrong + c.missing + c.extra;
        }
        if (compared == 0) {
            return skipPath == null ? 0 : 1;
        }
        return earned / compared;
    }

    private static List<JsonNode> filledItems(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        if (NotFilled.isNotFilled(list)) {
            return items;
        }
        if (!list.isArray()) {
            items.add(list);
            return items;
        }
        for (JsonNode item : list) {
            if (!NotFilled.isNotFilled(item)) {
                items.add(item);
            }
        }
        return items;
    }

    private static JsonNode member(JsonNode object, String name) {
        return object != null && object.isObject() && object.has(name) ? object.get(name) : ABSENT;
    }
}
