package io.medextract.handlers.evaluation.scoring;

import java.util.Optional;

/** A date: equal once both read as ISO dates ({@link ClinicalDate}); values that do not read as dates as text. */
record DateRule(DateOrder order) implements ValueRule {
    @Override
    public String kind() {
        return "date";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        Optional<String> e = ClinicalDate.iso(expected, order);
        Optional<String> a = ClinicalDate.iso(actual, order);
        if (e.isPresent() && a.isPresent()) {
            return ValueRule.of(e.get().equals(a.get()));
        }
        return new TextRule().compareText(expected, actual);
    }

    @Override
    public Optional<String> problem(String expected) {
        return ClinicalDate.iso(expected, order).isPresent() ? Optional.empty()
                : Optional.of("not a date in a form the scorer reads (e.g. 2025-03-04, 03/04/2025, 4 Mar 2025)");
    }
}
