package io.medextract.handlers.evaluation.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A unit the scorer can convert, with the spellings documents use for it. Each unit belongs to a dimension and
 * converts linearly to that dimension's base ({@code base = value * factor + offset}): mass to grams, length
 * to metres, volume to litres, amount of substance to moles, temperature to degrees Celsius. Factors are the
 * exact definitions (1 lb = 0.45359237 kg, 1 in = 2.54 cm, °F = °C × 9/5 + 32). Ratios of two ("mg/dL") are
 * {@link ConvertibleUnit}s.
 */
enum MeasurementUnit {
    MCG("mass", 1e-6, 0, "mcg", "µg", "μg", "ug", "microgram", "micrograms"),
    MG("mass", 1e-3, 0, "mg", "milligram", "milligrams"),
    G("mass", 1, 0, "g", "gm", "gram", "grams"),
    KG("mass", 1e3, 0, "kg", "kilogram", "kilograms", "kgs"),
    LB("mass", 453.59237, 0, "lb", "lbs", "pound", "pounds"),
    OZ("mass", 28.349523125, 0, "oz", "ounce", "ounces"),
    MM("length", 1e-3, 0, "mm", "millimetre", "millimeter", "millimetres", "millimeters"),
    CM("length", 1e-2, 0, "cm", "centimetre", "centimeter", "centimetres", "centimeters"),
    M("length", 1, 0, "m", "metre", "meter", "metres", "meters"),
    IN("length", 0.0254, 0, "in", "inch", "inches", "\""),
    FT("length", 0.3048, 0, "ft", "foot", "feet", "'"),
    ML("volume", 1e-3, 0, "ml", "millilitre", "milliliter", "millilitres", "milliliters", "cc"),
    DL("volume", 1e-1, 0, "dl", "decilitre", "deciliter"),
    L("volume", 1, 0, "l", "litre", "liter", "litres", "liters"),
    NMOL("amount", 1e-9, 0, "nmol", "nanomole", "nanomoles"),
    UMOL("amount", 1e-6, 0, "µmol", "μmol", "umol", "micromole", "micromoles"),
    MMOL("amount", 1e-3, 0, "mmol", "millimole", "millimoles"),
    MOL("amount", 1, 0, "mol", "mole", "moles"),
    CELSIUS("temperature", 1, 0, "°c", "c", "degc", "deg c", "celsius", "degrees celsius", "º c", "ºc", "℃"),
    FAHRENHEIT("temperature", 5.0 / 9.0, -32 * 5.0 / 9.0, "°f", "f", "degf", "deg f", "fahrenheit",
            "degrees fahrenheit", "ºf", "º f", "℉");

    private static final Map<String, MeasurementUnit> BY_SPELLING = bySpelling();
    private static final Pattern SPACES = Pattern.compile("\\s+");

    final String dimension;
    final double factor;
    final double offset;
    private final List<String> spellings;

    MeasurementUnit(String dimension, double factor, double offset, String... spellings) {
        this.dimension = dimension;
        this.factor = factor;
        this.offset = offset;
        this.spellings = List.of(spellings);
    }

    /** The unit spelled {@code text} (case and inner spaces ignored), if the scorer knows it. */
    static Optional<MeasurementUnit> parse(String text) {
        String key = SPACES.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
        MeasurementUnit unit = BY_SPELLING.get(key);
        if (unit == null) {
            String compact = key.replace(" ", "");
            unit = BY_SPELLING.get(compact.endsWith(".") ? compact.substring(0, compact.length() - 1) : compact);
        }
        return Optional.ofNullable(unit);
    }

    private static Map<String, MeasurementUnit> bySpelling() {
        Map<String, MeasurementUnit> map = new HashMap<>();
        for (MeasurementUnit unit : values()) {
            for (String spelling : unit.spellings) {
                map.put(spelling, unit);
                map.put(spelling.replace(" ", ""), unit);
            }
        }
        return Map.copyOf(map);
    }
}
