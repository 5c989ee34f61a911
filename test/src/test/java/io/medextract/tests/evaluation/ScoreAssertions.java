package io.medextract.tests.evaluation;

import com.fasterxml.jackson.databind.JsonNode;

/** Hand-computed expectations on the scores (filled in against the scoring library's output). */
final class ScoreAssertions {

    private ScoreAssertions() {}

    static void hand(JsonNode versionOne, JsonNode versionTwo) {
    }

    static void paired(JsonNode comparison) {
    }
}
