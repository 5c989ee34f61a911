package io.medextract.handlers.evaluation.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one extracted document compares with its expected document.
 *
 * @param exactMatch every field and list item right: nothing wrong, missing or extra anywhere
 * @param overall    the sum over all plain fields (lists' fields included, list item rows not, so nothing counts
 *                   twice): the document's micro-averaged precision, recall and F1
 * @param fields     per plain field path (patient.name, medications[].dose), in schema order
 * @param lists      per list path (medications), counting items, in schema order
 */
public record DocumentScore(boolean exactMatch, FieldScore overall, Map<String, FieldScore> fields,
                            Map<String, FieldScore> lists) {

    public DocumentScore {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    static DocumentScore of(Tally tally) {
        Map<String, FieldScore> fields = new LinkedHashMap<>();
        FieldScore overall = FieldScore.empty("all");
        for (Map.Entry<String, Tally.Counts> field : tally.fields.entrySet()) {
            FieldScore score = field.getValue().toScore();
            fields.put(field.getKey(), score);
            overall = overall.plus(score);
        }
        Map<String, FieldScore> lists = new LinkedHashMap<>();
        tally.lists.forEach((path, counts) -> lists.put(path, counts.toScore()));
        return new DocumentScore(tally.isPerfect(), overall, fields, lists);
    }
}
