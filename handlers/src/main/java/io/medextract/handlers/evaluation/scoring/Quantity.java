package io.medextract.handlers.evaluation.scoring;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number followed by a unit as written, such as "500 mg", "1.5g" or "98.6 °F". */
record Quantity(BigDecimal amount, String unit) {

    /**
     * The amount, then the unit as written. The amount is an atomic group and the space after it possessive: once the
     * number is read it is never read again shorter. Without that, a value whose unit text held a line break (which
     * {@code .} does not cross) backtracked through every shorter reading of a long number, each time scanning the
     * rest of the value: quadratic in its length.
     */
    private static final Pattern FORM = Pattern.compile(
            "((?>[+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|[+-]?\\.\\d+))\\s*+(\\S.*)?");
    /**
     * The longest value read as an amount with a unit ("1,250.5 micrograms per kilogram per minute" is 44 characters);
     * longer values are compared as text.
     */
    static final int MAX_LENGTH = 100;

    /** Converted values agree when they differ by at most this share (rounding of a converted value). */
    static final double RELATIVE_TOLERANCE = 0.005;
    /** Converted temperatures agree within this many degrees Celsius (a 0.1 °F rounding is 0.06 °C). */
    static final double TEMPERATURE_TOLERANCE_CELSIUS = 0.1;

    static Optional<Quantity> parse(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = form(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "" : m.group(2).strip();
        return Optional.of(new Quantity(new BigDecimal(m.group(1).replace(",", "")), unit));
    }

    /** A matcher of the amount-and-unit form over {@code text}: linear in its length whatever it holds. */
    static Matcher form(CharSequence text) {
        return FORM.matcher(text);
    }

    /** A plain number ("1,250", "5.0", "-3"), or empty when the text holds anything else. */
    static Optional<BigDecimal> number(String text) {
        return parse(text).filter(q -> q.unit().isEmpty()).map(Quantity::amount);
    }

    /** Whether the two are the same amount: equal numbers in the same unit, or equal after conversion. */
    boolean sameAs(Quantity other) {
        Optional<ConvertibleUnit> mine = ConvertibleUnit.parse(unit);
        Optional<ConvertibleUnit> theirs = ConvertibleUnit.parse(other.unit);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return amount.compareTo(other.amount) == 0 && TextNormaliser.normalise(unit)
                    .equals(TextNormaliser.normalise(other.unit));
        }
        if (mine.get().symbol().equals(theirs.get().symbol())) {
            return amount.compareTo(other.amount) == 0;
        }
        if (!mine.get().dimension().equals(theirs.get().dimension())) {
            return false;
        }
        double a = mine.get().toBase(amount.doubleValue());
        double b = theirs.get().toBase(other.amount.doubleValue());
        if (mine.get().isTemperature()) {
            return Math.abs(a - b) <= TEMPERATURE_TOLERANCE_CELSIUS;
        }
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
