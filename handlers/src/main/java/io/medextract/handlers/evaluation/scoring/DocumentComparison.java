package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares one extracted document with its expected document, field by field, into a {@link Tally}.
 *
 * <p>A plain field counts once: matched, wrong (both filled, not the same), missing (only expected filled)
 * or extra (only extracted filled); nothing when neither is filled ({@link NotFilled}).
 *
 * <p>A list pairs its items first ({@link ItemAssignment}) on a similarity in [0, 1]: when the items have a
 * key property (a medication's name) half of it is how well the keys agree (1 when they match under their rule,
 * else the share of words they have in common) and half the share of the other fields that match; items whose
 * keys share no word are never paired. Without a key it is the share of matching fields. Paired items then
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
            for (Map.Entry<String, FieldSpec> property : group.properties().entrySet()) {
                compare(property.getValue(), member(expected, property.getKey()), member(actual, property.getKey()),
                        tally);
            }
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
        double keyAgreement = keyAgreement(key, member(expected, list.key()), member(actual, list.key()));
        return keyAgreement == 0 ? 0 : 0.5 * keyAgreement + 0.5 * credit(pair, key.path());
    }

    private static double keyAgreement(FieldSpec.Scalar key, JsonNode expected, JsonNode actual) {
        if (NotFilled.isNotFilled(expected) || NotFilled.isNotFilled(actual)) {
            return 0;
        }
        return switch (key.rule().compare(expected, actual)) {
            case MATCH -> 1;
            case CATEGORY_MATCH -> 0.5;
            case MISMATCH -> expected.isTextual() && actual.isTextual()
                    ? TextNormaliser.wordOverlap(expected.asText(), actual.asText()) : 0;
        };
    }

    /** Share of the compared fields (except {@code skipPath}) that match; a category match earns half. */
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
