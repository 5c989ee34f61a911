package io.medextract.handlers.evaluation.scoring;

/**
 * A dosing frequency: the same once abbreviations are read ("BID" is "twice daily", "q6h" "every 6 hours",
 * "PRN" "as needed"), in any word order ("as needed every 4 hours" is "q4h PRN").
 */
record FrequencyRule() implements ValueRule {
    @Override
    public String kind() {
        return "frequency";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        return ValueRule.of(TextNormaliser.sortedWords(MedicationTerms.frequency(expected))
                .equals(TextNormaliser.sortedWords(MedicationTerms.frequency(actual))));
    }
}
