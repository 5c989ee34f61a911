package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * The markers the shipped templates tell the model to write when a document does not state a value: an empty
 * (or blank) string, the enum member {@code not_documented} (in any case or spacing), an empty array. A
 * missing member and null mean the same, and so does an object or array holding nothing but such markers. A
 * field whose expected and extracted values are both not filled counts for nothing; one side filled counts as
 * missing or extra. Placeholders such as "N/A" or "none" are values: the templates forbid them.
 */
final class NotFilled {

    private NotFilled() {}

    static boolean isNotFilled(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return true;
        }
        if (value.isTextual()) {
            String text = value.asText();
            return text.isBlank() || TextNormaliser.normalise(text).equals("not documented");
        }
        if (value.isContainerNode()) {
            for (Iterator<JsonNode> children = value.elements(); children.hasNext(); ) {
                if (!isNotFilled(children.next())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
