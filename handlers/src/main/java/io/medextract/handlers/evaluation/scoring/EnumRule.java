package io.medextract.handlers.evaluation.scoring;

/** An enumerated value: equal in normal form, so case, spaces and underscores do not matter ("Not_Active"). */
record EnumRule() implements ValueRule {
    @Override
    public String kind() {
        return "enum";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        return ValueRule.of(TextNormaliser.normalise(expected).equals(TextNormaliser.normalise(actual)));
    }
}
