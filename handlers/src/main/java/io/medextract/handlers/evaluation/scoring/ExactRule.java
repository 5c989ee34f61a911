package io.medextract.handlers.evaluation.scoring;

/** Identifiers and other values that must agree character for character (outer white space aside). */
record ExactRule() implements ValueRule {
    @Override
    public String kind() {
        return "exact";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        return ValueRule.of(expected.strip().equals(actual.strip()));
    }
}
