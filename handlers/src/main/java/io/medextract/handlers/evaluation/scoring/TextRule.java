package io.medextract.handlers.evaluation.scoring;

/** Free text: equal in normal form ({@link TextNormaliser}), word order ignored ("diabetes type 2"). */
record TextRule() implements ValueRule {
    @Override
    public String kind() {
        return "text";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        return ValueRule.of(TextNormaliser.sortedWords(expected).equals(TextNormaliser.sortedWords(actual)));
    }
}
