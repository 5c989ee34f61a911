package io.medextract.handlers.evaluation.scoring;

import java.util.Optional;

/**
 * An ICD-10 code: a match when the normal forms are equal ({@link Icd10Code}); a category match when only
 * the first three characters agree (E11.9 against E11.65), which counts wrong but is reported apart.
 */
record Icd10Rule() implements ValueRule {
    @Override
    public String kind() {
        return "icd10";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        Optional<Icd10Code> e = Icd10Code.parse(expected);
        Optional<Icd10Code> a = Icd10Code.parse(actual);
        if (e.isEmpty() || a.isEmpty()) {
            return new ExactRule().compareText(expected, actual);
        }
        if (e.get().equals(a.get())) {
            return Outcome.MATCH;
        }
        return e.get().category().equals(a.get().category()) ? Outcome.CATEGORY_MATCH : Outcome.MISMATCH;
    }

    @Override
    public Optional<String> problem(String expected) {
        return Icd10Code.parse(expected).isPresent() ? Optional.empty()
                : Optional.of("not an ICD-10 code (a letter, two characters, then up to four more, e.g. E11.9)");
    }
}
