package io.medextract.handlers.evaluation.scoring;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A unit on its own ("°C", "mg/dL", "mm Hg"): the same known unit in any of its spellings ({@link ConvertibleUnit}),
 * otherwise equal ignoring case and spaces.
 */
record UnitRule() implements ValueRule {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Override
    public String kind() {
        return "unit";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        Optional<String> e = ConvertibleUnit.parse(expected).map(ConvertibleUnit::symbol);
        Optional<String> a = ConvertibleUnit.parse(actual).map(ConvertibleUnit::symbol);
        if (e.isPresent() || a.isPresent()) {
            return ValueRule.of(e.equals(a));
        }
        return ValueRule.of(compact(expected).equals(compact(actual)));
    }

    private static String compact(String unit) {
        return SPACES.matcher(unit.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
