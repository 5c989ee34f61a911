package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** How one kind of field (text, date, ICD-10 code...) decides whether two filled values agree. */
interface ValueRule {

    /** The kind's name as written in evaluation hints and shown in results: text, date, icd10... */
    String kind();

    /** How {@code actual} compares with {@code expected}; both are filled. */
    default Outcome compare(JsonNode expected, JsonNode actual) {
        if (expected.isContainerNode() || actual.isContainerNode()) {
            return expected.equals(actual) ? Outcome.MATCH : Outcome.MISMATCH;
        }
        return compareText(expected.asText(), actual.asText());
    }

    Outcome compareText(String expected, String actual);

    /** Why a filled expected value cannot be read as this kind (a label error), without the value itself. */
    default Optional<String> problem(String expected) {
        return Optional.empty();
    }

    static Outcome of(boolean same) {
        return same ? Outcome.MATCH : Outcome.MISMATCH;
    }
}
