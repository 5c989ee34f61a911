package io.medextract.handlers.evaluation.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running counts while one document (or one candidate item pairing) is compared; not shared between threads. */
final class Tally {

    /** Counts of one field or list, mutable while comparing. */
    static final class Counts {
        final String kind;
        int matched;
        int missing;
        int wrong;
        int extra;
        int categoryMatched;

        Counts(String kind) {
            this.kind = kind;
        }

        void add(Counts other) {
            matched += other.matched;
            missing += other.missing;
            wrong += other.wrong;
            extra += other.extra;
            categoryMatched += other.categoryMatched;
        }

        boolean isPerfect() {
            return missing == 0 && wrong == 0 && extra == 0;
        }

        FieldScore toScore() {
            return new FieldScore(kind, matched, missing, wrong, extra, categoryMatched);
        }
    }

    final Map<String, Counts> fields = new LinkedHashMap<>();
    final Map<String, Counts> lists = new LinkedHashMap<>();

    Counts field(String path, String kind) {
        return fields.computeIfAbsent(path, p -> new Counts(kind));
    }

    Counts list(String path) {
        return lists.computeIfAbsent(path, p -> new Counts("list"));
    }

    void add(Tally other) {
        other.fields.forEach((path, counts) -> field(path, counts.kind).add(counts));
        other.lists.forEach((path, counts) -> list(path).add(counts));
    }

    boolean isPerfect() {
        return fields.values().stream().allMatch(Counts::isPerfect) && lists.values().stream().allMatch(Counts::isPerfect);
    }
}
