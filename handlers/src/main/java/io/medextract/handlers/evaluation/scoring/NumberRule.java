package io.medextract.handlers.evaluation.scoring;

import java.math.BigDecimal;
import java.util.Optional;

/** A number: equal in value ("5.0" and "5", "1,250" and "1250"); values that are not plain numbers as text. */
record NumberRule() implements ValueRule {
    @Override
    public String kind() {
        return "number";
    }

    @Override
    public Outcome compareText(String expected, String actual) {
        Optional<BigDecimal> e = Quantity.number(expected);
        Optional<BigDecimal> a = Quantity.number(actual);
        if (e.isPresent() && a.isPresent()) {
            return ValueRule.of(e.get().compareTo(a.get()) == 0);
        }
        return new TextRule().compareText(expected, actual);
    }
}
