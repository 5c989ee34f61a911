package io.medextract.handlers.evaluation.scoring;

import java.util.Optional;

/**
 * A unit the scorer can convert: a {@link MeasurementUnit} on its own, or a ratio of two of them as lab values
 * are reported ("mg/dL", "mmol/L", "µg/mL"). A ratio's dimension is the pair of dimensions and its factor the
 * quotient of theirs, so "100 mg/dL" is "1 g/L" and "5.5 mmol/L" is "5500 µmol/L". Mass and amount of substance
 * stay apart: mg/dL to mmol/L needs the analyte's molar mass, which a unit alone does not give.
 *
 * @param symbol    identity of the unit whatever its spelling ("MG/DL" for "mg/dl", "mg / dL", ...)
 * @param dimension what it measures ("mass", "mass/volume", ...); only units of one dimension convert
 */
record ConvertibleUnit(String symbol, String dimension, double factor, double offset) {

    static ConvertibleUnit of(MeasurementUnit unit) {
        return new ConvertibleUnit(unit.name(), unit.dimension, unit.factor, unit.offset);
    }

    /** The unit spelled {@code text}, or empty when it is neither a known unit nor a ratio of two. */
    static Optional<ConvertibleUnit> parse(String text) {
        Optional<MeasurementUnit> simple = MeasurementUnit.parse(text);
        if (simple.isPresent()) {
            return simple.map(ConvertibleUnit::of);
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        Optional<MeasurementUnit> numerator = MeasurementUnit.parse(text.substring(0, slash));
        Optional<MeasurementUnit> denominator = MeasurementUnit.parse(text.substring(slash + 1));
        if (numerator.isEmpty() || denominator.isEmpty()) {
            return Optional.empty();
        }
        MeasurementUnit n = numerator.get();
        MeasurementUnit d = denominator.get();
        // A ratio of offset scales (°F per minute) does not convert linearly; no lab reports one.
        if (n.offset != 0 || d.offset != 0) {
            return Optional.empty();
        }
        return Optional.of(new ConvertibleUnit(n.name() + "/" + d.name(), n.dimension + "/" + d.dimension,
                n.factor / d.factor, 0));
    }

    double toBase(double value) {
        return value * factor + offset;
    }

    boolean isTemperature() {
        return dimension.equals("temperature");
    }
}
