package io.medextract.handlers.evaluation.scoring;

/** A route of administration: the same once abbreviations are read ("PO" is "oral", "SubQ" "subcutaneous"). */
record RouteRule() implements ValueRule {
    @Override
    public String kind() {
        return "route";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        return ValueRule.of(TextNormaliser.sortedWords(MedicationTerms.route(expected))
                .equals(TextNormaliser.sortedWords(MedicationTerms.route(actual))));
    }
}
