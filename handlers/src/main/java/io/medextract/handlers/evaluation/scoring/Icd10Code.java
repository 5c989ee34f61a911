package io.medextract.handlers.evaluation.scoring;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ICD-10 (WHO or ICD-10-CM) code in normal form: upper case, without the dot and spaces, so "e11.9",
 * "E11.9" and "E119" are one code. Its category is the first three characters (E11: type 2 diabetes mellitus).
 */
record Icd10Code(String normal) {

    /** A letter, two more characters of the category, then up to four of subcategory and extension. */
    private static final Pattern DOTS_AND_SPACES = Pattern.compile("[\\s.]");
    private static final Pattern FORM = Pattern.compile("[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}");
    /** A code is at most 8 characters with its dot ("S72.001A"); a longer value is compared as text unread. */
    static final int MAX_LENGTH = 32;

    static Optional<Icd10Code> parse(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String normal = DOTS_AND_SPACES.matcher(text.strip().toUpperCase(Locale.ROOT)).replaceAll("");
        return FORM.matcher(normal).matches() ? Optional.of(new Icd10Code(normal)) : Optional.empty();
    }

    String category() {
        return normal.substring(0, 3);
    }
}
