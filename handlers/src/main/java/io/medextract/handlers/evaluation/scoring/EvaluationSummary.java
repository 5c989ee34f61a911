package io.medextract.handlers.evaluation.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of many documents added up: counts are summed per field before precision, recall and F1 are taken
 * (micro-averaging), so a field filled in many documents weighs more than one filled in few.
 *
 * @param documents              how many documents were scored
 * @param exactDocuments         how many of them were entirely right
 * @param exactDocumentAccuracy  exactDocuments / documents (0 when there are none)
 * @param overall                all plain fields together; its missing, wrong and extra counts are the
 *                               confusion between "the model left it out", "got it wrong" and "made it up"
 * @param fields                 per plain field path, in schema order
 * @param lists                  per list path, counting items
 */
public record EvaluationSummary(int documents, int exactDocuments, double exactDocumentAccuracy, FieldScore overall,
                                Map<String, FieldScore> fields, Map<String, FieldScore> lists) {

    public EvaluationSummary {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    public static EvaluationSummary of(List<DocumentScore> scores) {
        int exact = 0;
        FieldScore overall = FieldScore.empty("all");
        Map<String, FieldScore> fields = new LinkedHashMap<>();
        Map<String, FieldScore> lists = new LinkedHashMap<>();
        for (DocumentScore score : scores) {
            if (score.exactMatch()) {
                exact++;
            }
            overall = overall.plus(score.overall());
            score.fields().forEach((path, s) -> fields.merge(path, s, FieldScore::plus));
            score.lists().forEach((path, s) -> lists.merge(path, s, FieldScore::plus));
        }
        double accuracy = scores.isEmpty() ? 0 : (double) exact / scores.size();
        return new EvaluationSummary(scores.size(), exact, accuracy, overall, fields, lists);
    }
}
