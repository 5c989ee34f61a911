package io.medextract.handlers.evaluation.scoring;

import java.util.Optional;
import java.util.Set;

/**
 * An amount with its unit ("500 mg", "5.5 mmol/L"). When both units are among the field's {@code convertible} units the
 * amounts are compared after conversion ("0.5 g" is "500 mg"); otherwise the amounts must be equal and the
 * units the same ({@link UnitRule}). Values that are not a number and a unit are compared as text.
 *
 * @param unitField the sibling property holding the unit when the schema splits amount and unit ("value" and
 *                  "unit" of a vital sign), or null when the unit is written in the value
 */
record QuantityRule(Set<ConvertibleUnit> convertible, String unitField) implements ValueRule {

    QuantityRule {
        convertible = Set.copyOf(convertible);
    }

    QuantityRule(Set<ConvertibleUnit> convertible) {
        this(convertible, null);
    }

    @Override
    public String kind() {
        return "quantity";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        Optional<Quantity> e = Quantity.parse(expected);
        Optional<Quantity> a = Quantity.parse(actual);
        if (e.isEmpty() || a.isEmpty()) {
            return new TextRule().compareText(expected, actual);
        }
        if (isConvertible(e.get()) && isConvertible(a.get())) {
            return ValueRule.of(e.get().sameAs(a.get()));
        }
        return ValueRule.of(e.get().amount().compareTo(a.get().amount()) == 0
                && new UnitRule().compareText(e.get().unit(), a.get().unit()) == Outcome.MATCH);
    }

    private boolean isConvertible(Quantity q) {
        return ConvertibleUnit.parse(q.unit()).filter(convertible::contains).isPresent();
    }
}
