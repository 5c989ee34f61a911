package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each matching rule of "How evaluations are scored" with clinical examples, both ways it can go. */
class FieldRulesTest {

    @ParameterizedTest(name = "text \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Metformin|metformin|MATCH",
            "  Jane   Doe |Jane Doe|MATCH",
            "O'Brien, Mary|OBrien Mary|MATCH",
            "O’Brien, Mary|obrien mary|MATCH",
            "type 2 diabetes mellitus|Diabetes mellitus, type 2|MATCH",
            "Type 2 diabetes|Type 1 diabetes|MISMATCH",
            "St. Mary's Hospital|st marys hospital|MATCH",
            "Rh+|Rh +|MATCH",
            "HER2-positive|HER2 positive|MATCH",
            "Rh-|Rh+|MISMATCH",
            "Rh-|Rh|MISMATCH",
            "creatinine <1.2|creatinine < 1.2|MATCH",
            "1.5 mg|15 mg|MISMATCH",
    })
    void textIgnoresCaseSpacingPunctuationAndWordOrderButKeepsClinicalSigns(String expected, String actual,
                                                                           Outcome outcome) {
        assertThat(new TextRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "enum \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "active|Active|MATCH",
            "not_documented|Not documented|MATCH",
            "history|active|MISMATCH",
    })
    void enumsAreExactAfterNormalisation(String expected, String actual, Outcome outcome) {
        assertThat(new EnumRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "date \"{0}\" vs \"{1}\" ({2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
            "2025-03-04|03/04/2025|MONTH_FIRST|MATCH",
            "2025-03-04|March 4, 2025|MONTH_FIRST|MATCH",
            "2025-03-04|4 Mar 2025|MONTH_FIRST|MATCH",
            "2025-03-04|4th March 2025|MONTH_FIRST|MATCH",
            "2025-03-04|04-MAR-2025|MONTH_FIRST|MATCH",
            "2025-03-04|Mar. 4 2025|MONTH_FIRST|MATCH",
            "2025-03-04|2025/03/04|MONTH_FIRST|MATCH",
            "2025-03-04|2025-03-04T09:30:00Z|MONTH_FIRST|MATCH",
            "2025-03-04|03/04/2025 10:30|MONTH_FIRST|MATCH",
            "2025-03-04|March 4, 2025 at 2:15 pm|MONTH_FIRST|MATCH",
            "2025-03-04|2025-03-04 23:59|MONTH_FIRST|MATCH",
            "2025-03-04|03/04/2025|DAY_FIRST|MISMATCH",
            "2025-04-03|03/04/2025|DAY_FIRST|MATCH",
            "2025-04-13|13/04/2025|MONTH_FIRST|MATCH",
            "2025-03-04|04.03.2025|MONTH_FIRST|MATCH",
            "2025-03|March 2025|MONTH_FIRST|MATCH",
            "2025-03|2025-03-04|MONTH_FIRST|MISMATCH",
            "1958-11-02|11/2/1958|MONTH_FIRST|MATCH",
            "1958-11-02|2 Nov 1959|MONTH_FIRST|MISMATCH",
    })
    void datesInCommonFormsCompareAsIsoDates(String expected, String actual, DateOrder order, Outcome outcome) {
        assertThat(new DateRule(order).compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "date \"{0}\" is read as {1}")
    @CsvSource(delimiter = '|', value = {
            "03/04/25|-",
            "2025-02-30|-",
            "13/13/2025|-",
            "yesterday|-",
            "2025|2025",
            "Sept 9, 2024|2024-09-09",
            "20240909|2024-09-09",
    })
    void twoDigitYearsAndImpossibleDatesAreNotRead(String text, String iso) {
        assertThat(ClinicalDate.iso(text, DateOrder.MONTH_FIRST).orElse("-")).isEqualTo(iso);
    }

    @ParameterizedTest(name = "dose \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "500 mg|500mg|MATCH",
            "500 mg|0.5 g|MATCH",
            "500 mg|500 mcg|MISMATCH",
            "0.125 mg|125 mcg|MATCH",
            "125 mcg|125 µg|MATCH",
            "1,000 mg|1 g|MATCH",
            "5 mL|5 ml|MATCH",
            "5 mL|0.005 L|MATCH",
            "10 mg|10 mL|MISMATCH",
            "1 tablet|1 tablet|MATCH",
            "1 tablet|2 tablets|MISMATCH",
            "500 mg twice daily|500 mg|MISMATCH",
    })
    void dosesConvertBetweenTheUnitsTheFieldNames(String expected, String actual, Outcome outcome) {
        QuantityRule rule = new QuantityRule(units("mcg", "mg", "g", "mL", "L"));
        assertThat(rule.compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "quantity \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "70 kg|154.3 lb|MATCH",
            "70 kg|154 lb|MATCH",
            "70 kg|160 lb|MISMATCH",
            "170 cm|66.9 in|MATCH",
            "170 cm|1.70 m|MATCH",
            "37.0 °C|98.6 °F|MATCH",
            "38.5 C|101.3 F|MATCH",
            "38.5 °C|100.4 °F|MISMATCH",
            "70 kg|70 cm|MISMATCH",
    })
    void bodyMeasuresConvertWithinTheDocumentedTolerance(String expected, String actual, Outcome outcome) {
        QuantityRule rule = new QuantityRule(units("kg", "lb", "cm", "in", "m", "°C", "°F"));
        assertThat(rule.compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "unlisted units: \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "70 kg|154.3 lb|MISMATCH",
            "70 kg|70 kilograms|MATCH",
    })
    void unitsOutsideTheHintAreNotConverted(String expected, String actual, Outcome outcome) {
        assertThat(new QuantityRule(units("mg")).compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "lab value \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "100 mg/dL|1 g/L|MATCH",
            "100 mg/dL|1000 mg/L|MATCH",
            "100 mg/dL|1.0 g/L|MATCH",
            "100 mg/dL|0.9 g/L|MISMATCH",
            "5.5 mmol/L|5500 µmol/L|MATCH",
            "5.5 mmol/L|5500 umol/l|MATCH",
            "0.9 mg/dL|80 µmol/L|MISMATCH",
            "100 mg/dL|5.5 mmol/L|MISMATCH",
            "100 mg / dL|100 MG/DL|MATCH",
            "140 mEq/L|140 meq/l|MATCH",
            "140 mEq/L|141 mEq/L|MISMATCH",
    })
    void labConcentrationsConvertWithinOneDimensionOnly(String expected, String actual, Outcome outcome) {
        // mg/dL and mmol/L measure different things (mass and amount of substance): converting needs the
        // analyte's molar mass, so they never match; mEq/L is unknown and compared as written.
        QuantityRule rule = new QuantityRule(units("mg/dL", "g/L", "mg/L", "mmol/L", "µmol/L"));
        assertThat(rule.compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "ratio unit \"{0}\" parses: {1}")
    @CsvSource(delimiter = '|', value = {
            "mg/dL|true",
            "µg / mL|true",
            "mmol/L|true",
            "°C/min|false",
            "°F/L|false",
            "mg/kg/day|false",
            "/L|false",
            "mg/|false",
            "mEq/L|false",
    })
    void onlyRatiosOfTwoLinearUnitsConvert(String unit, boolean known) {
        assertThat(ConvertibleUnit.parse(unit)).as(unit).matches(u -> u.isPresent() == known);
    }

    @Test
    void aRatioIsTheSameUnitOnlyInAnotherSpelling() {
        assertThat(new UnitRule().compareText("mg/dL", "mg / dl")).isEqualTo(Outcome.MATCH);
        assertThat(new UnitRule().compareText("mg/dL", "g/L")).isEqualTo(Outcome.MISMATCH);
        assertThat(new UnitRule().compareText("µmol/L", "umol/L")).isEqualTo(Outcome.MATCH);
    }

    private static Set<ConvertibleUnit> units(String... spellings) {
        return java.util.Arrays.stream(spellings).map(u -> ConvertibleUnit.parse(u).orElseThrow()).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    @ParameterizedTest(name = "number \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "5.0|5|MATCH",
            "1,250|1250|MATCH",
            "7.2|7.20|MATCH",
            "7.2|7.3|MISMATCH",
            "120/80|120/80|MATCH",
            "120/80|120/85|MISMATCH",
    })
    void numbersCompareByValue(String expected, String actual, Outcome outcome) {
        assertThat(new NumberRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "unit \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "°C|C|MATCH",
            "°F|Fahrenheit|MATCH",
            "mm Hg|mmHg|MATCH",
            "mmol/L|mmol/l|MATCH",
            "mg|g|MISMATCH",
            "mg/dL|mmol/L|MISMATCH",
    })
    void unitsCompareBySpelling(String expected, String actual, Outcome outcome) {
        assertThat(new UnitRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "ICD-10 \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "E11.9|e119|MATCH",
            "E11.9|E11.9 |MATCH",
            "I10|I10|MATCH",
            "E11.9|E11.65|CATEGORY_MATCH",
            "E11.9|E10.9|MISMATCH",
            "J45.909|J45.90|CATEGORY_MATCH",
    })
    void icd10CodesCompareExactlyAndByCategory(String expected, String actual, Outcome outcome) {
        assertThat(new Icd10Rule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "route \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "oral|PO|MATCH",
            "oral|p.o.|MATCH",
            "oral|by mouth|MATCH",
            "subcutaneous|SubQ|MATCH",
            "subcutaneous|s.c.|MATCH",
            "intravenous|IV|MATCH",
            "intravenous|IM|MISMATCH",
            "oral|sublingual|MISMATCH",
    })
    void routesReadTheirAbbreviations(String expected, String actual, Outcome outcome) {
        assertThat(new RouteRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "frequency \"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "twice daily|BID|MATCH",
            "twice daily|b.i.d.|MATCH",
            "twice daily|twice a day|MATCH",
            "once daily|daily|MATCH",
            "once daily|QD|MATCH",
            "three times daily|TID|MATCH",
            "at bedtime|qHS|MATCH",
            "every 6 hours|q6h|MATCH",
            "every six hours|Q6H|MATCH",
            "every 4 hours as needed|q4h PRN|MATCH",
            "as needed|PRN|MATCH",
            "twice daily|q12h|MISMATCH",
            "once daily|q24h|MISMATCH",
            "twice daily|TID|MISMATCH",
            "every 4 hours|every 6 hours|MISMATCH",
    })
    void frequenciesReadTheirAbbreviations(String expected, String actual, Outcome outcome) {
        assertThat(new FrequencyRule().compareText(expected, actual)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "not filled: \"{0}\"")
    @CsvSource(delimiter = '|', value = {"''", "'   '", "not_documented", "Not documented", "NOT_DOCUMENTED"})
    void theTemplatesNotFilledMarkersCountAsAbsent(String marker) {
        assertThat(NotFilled.isNotFilled(TextNode.valueOf(marker))).isTrue();
    }

    @ParameterizedTest(name = "filled: \"{0}\"")
    @CsvSource(delimiter = '|', value = {"N/A", "none", "unknown", "0"})
    void placeholdersTheTemplatesForbidAreValues(String value) {
        assertThat(NotFilled.isNotFilled(TextNode.valueOf(value))).isFalse();
    }
}
