package io.medextract.cdk;

import java.util.Collection;
import java.util.regex.Pattern;

/** Synth-time checks whose messages name the prop and the allowed values. */
final class PropsValidation {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    private PropsValidation() {}

    static void range(String prop, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(prop + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void positive(String prop, Number value) {
        if (value != null && value.doubleValue() <= 0) {
            throw new IllegalArgumentException(prop + " must be a positive number, got " + value);
        }
    }

    static void notBlank(String prop, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(prop + " must not be blank");
        }
    }

    static void email(String prop, String value) {
        if (value != null && !EMAIL.matcher(value).matches()) {
            throw new IllegalArgumentException(prop + " must be an e-mail address like oncall@example.org, got '"
                    + value + "'");
        }
    }

    static void origins(String prop, Collection<String> origins) {
        if (origins == null) {
            return;
        }
        for (String origin : origins) {
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException(prop + " must not contain an empty origin; allowed: '*' or"
                        + " origins like https://app.example.org");
            }
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException(prop + " entries must be '*' or scheme://host[:port] without a"
                        + " path, like https://app.example.org; got '" + origin + "'");
            }
        }
    }
}
