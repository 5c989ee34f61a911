package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import org.junit.jupiter.api.Test;

/** Whole documents of the shipped clinical-summary template, with counts worked out by hand. */
class ExtractionScorerTest {

    private static final PromptTemplate TEMPLATE =
            PromptRegistry.load(null, true).find("clinical-summary@2").orElseThrow();
    private static final ExtractionScorer SCORER = new ExtractionScorer(TEMPLATE.schema(), TEMPLATE.evaluation());

    static final String EXPECTED = """
            {"patient": {"name": "Maria Lopez", "dateOfBirth": "1961-07-14", "sex": "female",
                         "medicalRecordNumber": "MRN 448812"},
             "encounter": {"date": "2025-03-04", "type": "outpatient visit", "facility": "Riverside Clinic"},
             "diagnoses": [
               {"description": "Type 2 diabetes mellitus", "icd10Code": "E11.9", "status": "active"},
               {"description": "Essential hypertension", "icd10Code": "I10", "status": "active"}],
             "medications": [
               {"name": "Metformin", "dose": "500 mg", "route": "oral", "frequency": "twice daily"},
               {"name": "Lisinopril", "dose": "10 mg", "route": "oral", "frequency": "once daily"}],
             "allergies": [{"substance": "Penicillin", "reaction": "rash", "severity": ""}],
             "vitals": [
               {"name": "blood pressure", "value": "142/88", "unit": "mmHg"},
               {"name": "temperature", "value": "37.0", "unit": "°C"}],
             "labs": [{"test": "HbA1c", "value": "7.8", "unit": "%", "referenceRange": "4.0-5.6", "flag": "high"}],
             "procedures": [],
             "providers": [{"name": "Dr. Alan Chen", "role": "attending physician"}]}""";

    /** What a model might answer: lists in another order, other spellings, some errors. */
    static final String ACTUAL = """
            {"patient": {"name": "MARIA LOPEZ", "dateOfBirth": "07/14/1961", "sex": "Female",
                         "medicalRecordNumber": ""},
             "encounter": {"date": "March 4, 2025", "type": "Outpatient visit", "facility": "Riverside Clinic"},
             "diagnoses": [
               {"description": "Hypertension, essential", "icd10Code": "i10", "status": "active"},
               {"description": "Type 2 diabetes mellitus", "icd10Code": "E11.65", "status": "active"}],
             "medications": [
               {"name": "Lisinopril", "dose": "10 mg", "route": "PO", "frequency": "daily"},
               {"name": "metformin", "dose": "0.5 g", "route": "oral", "frequency": "BID"},
               {"name": "Aspirin", "dose": "81 mg", "route": "oral", "frequency": "daily"}],
             "allergies": [],
             "vitals": [
               {"name": "temperature", "value": "98.6", "unit": "°F"},
               {"name": "Blood Pressure", "value": "142/88", "unit": "mm Hg"}],
             "labs": [{"test": "HbA1c", "value": "7.80", "unit": "%", "referenceRange": "4.0 - 5.6", "flag": "High"}],
             "procedures": [],
             "providers": [{"name": "Alan Chen, MD", "role": "attending"}]}""";

    @Test
    void aRealisticExtractionScoresAsCountedByHand() throws Exception {
        DocumentScore score = SCORER.score(Json.mapper().readTree(EXPECTED), Json.mapper().readTree(ACTUAL));

        assertThat(score.exactMatch()).isFalse();
        assertCounts(score.fields().get("patient.name"), 1, 0, 0, 0);
        assertCounts(score.fields().get("patient.dateOfBirth"), 1, 0, 0, 0);
        assertCounts(score.fields().get("patient.sex"), 1, 0, 0, 0);
        assertCounts(score.fields().get("patient.medicalRecordNumber"), 0, 1, 0, 0);
        assertCounts(score.fields().get("encounter.date"), 1, 0, 0, 0);
        assertCounts(score.fields().get("diagnoses[].description"), 2, 0, 0, 0);
        assertCounts(score.fields().get("diagnoses[].icd10Code"), 1, 0, 1, 0);
        assertThat(score.fields().get("diagnoses[].icd10Code").categoryMatched()).isEqualTo(2);
        assertCounts(score.lists().get("diagnoses"), 1, 0, 1, 0);
        assertCounts(score.fields().get("medications[].name"), 2, 0, 0, 1);
        assertCounts(score.fields().get("medications[].dose"), 2, 0, 0, 1);
        // "PO" is "oral" and "daily" is "once daily": Lisinopril is right in every field.
        assertCounts(score.fields().get("medications[].route"), 2, 0, 0, 1);
        assertCounts(score.fields().get("medications[].frequency"), 2, 0, 0, 1);
        assertCounts(score.lists().get("medications"), 2, 0, 0, 1);
        assertCounts(score.fields().get("allergies[].substance"), 0, 1, 0, 0);
        assertCounts(score.fields().get("allergies[].reaction"), 0, 1, 0, 0);
        assertCounts(score.fields().get("allergies[].severity"), 0, 0, 0, 0);
        assertCounts(score.lists().get("allergies"), 0, 1, 0, 0);
        // 98.6 °F is 37.0 °C: value and unit both right, though written in the other unit.
        assertCounts(score.fields().get("vitals[].value"), 2, 0, 0, 0);
        assertCounts(score.fields().get("vitals[].unit"), 2, 0, 0, 0);
        assertCounts(score.lists().get("vitals"), 2, 0, 0, 0);
        assertCounts(score.lists().get("labs"), 1, 0, 0, 0);
        assertCounts(score.lists().get("procedures"), 0, 0, 0, 0);
        assertCounts(score.fields().get("providers[].name"), 0, 0, 1, 0);
        assertCounts(score.fields().get("providers[].role"), 0, 0, 1, 0);

        FieldScore overall = score.overall();
        assertCounts(overall, 30, 3, 3, 4);
        assertThat(overall.precision()).isCloseTo(30.0 / 37, within(1e-12));
        assertThat(overall.recall()).isCloseTo(30.0 / 36, within(1e-12));
        assertThat(overall.f1()).isCloseTo(60.0 / 73, within(1e-12));
    }

    @Test
    void fieldsAndListsAreReportedInSchemaOrderWhetherFilledOrNot() throws Exception {
        DocumentScore score = SCORER.score(Json.mapper().readTree(EXPECTED), Json.mapper().readTree(ACTUAL));

        assertThat(score.fields().keySet()).startsWith("patient.name", "patient.dateOfBirth", "patient.sex")
                .contains("procedures[].name", "procedures[].date").endsWith("providers[].role");
        assertThat(score.lists().keySet()).containsExactly("diagnoses", "medications", "allergies", "vitals", "labs",
                "procedures", "providers");
        assertThat(score.fields().get("medications[].dose").kind()).isEqualTo("quantity");
        assertThat(score.fields().get("diagnoses[].icd10Code").kind()).isEqualTo("icd10");
        assertThat(score.fields().get("patient.sex").kind()).isEqualTo("enum");
    }

    @Test
    void listOrderDoesNotChangeTheScore() throws Exception {
        JsonNode expected = Json.mapper().readTree(EXPECTED);
        ObjectNode actual = (ObjectNode) Json.mapper().readTree(ACTUAL);
        DocumentScore before = SCORER.score(expected, actual);
        for (String list : new String[] {"diagnoses", "medications", "vitals"}) {
            ArrayNode items = (ArrayNode) actual.get(list);
            ArrayNode reversed = Json.mapper().createArrayNode();
            for (int i = items.size() - 1; i >= 0; i--) {
                reversed.add(items.get(i));
            }
            actual.set(list, reversed);
        }

        assertThat(SCORER.score(expected, actual)).isEqualTo(before);
    }

    @Test
    void anExtractionEqualToTheTruthUpToSpellingIsAnExactDocument() throws Exception {
        JsonNode expected = Json.mapper().readTree(EXPECTED);
        ObjectNode actual = (ObjectNode) expected.deepCopy();
        ((ObjectNode) actual.get("patient")).put("dateOfBirth", "14 Jul 1961").put("sex", "FEMALE");
        ((ObjectNode) actual.get("encounter")).put("facility", "riverside  clinic");

        DocumentScore score = SCORER.score(expected, actual);

        assertThat(score.exactMatch()).isTrue();
        assertThat(score.overall().f1()).isEqualTo(1.0);
        assertThat(score.overall().matched()).isEqualTo(36);
    }

    @Test
    void notFilledMarkersOnBothSidesCountForNothingAndPlaceholdersCountAsExtra() throws Exception {
        ObjectNode expected = (ObjectNode) Json.mapper().readTree(EXPECTED);
        ((ObjectNode) expected.get("patient")).put("medicalRecordNumber", "").put("sex", "not_documented");
        ObjectNode actual = expected.deepCopy();
        ((ObjectNode) actual.get("patient")).putNull("medicalRecordNumber").put("sex", "Not documented");
        actual.set("procedures", Json.mapper().readTree("[{\"name\": \"\", \"date\": \"\"}]"));

        DocumentScore blank = SCORER.score(expected, actual);
        assertThat(blank.exactMatch()).isTrue();
        assertCounts(blank.fields().get("patient.sex"), 0, 0, 0, 0);
        assertCounts(blank.lists().get("procedures"), 0, 0, 0, 0);

        ((ObjectNode) actual.get("patient")).put("medicalRecordNumber", "N/A");
        DocumentScore placeholder = SCORER.score(expected, actual);
        assertThat(placeholder.exactMatch()).isFalse();
        assertCounts(placeholder.fields().get("patient.medicalRecordNumber"), 0, 0, 0, 1);
    }

    @Test
    void anExtractionThatIsNotEvenAnObjectCountsEverythingMissing() throws Exception {
        JsonNode expected = Json.mapper().readTree(EXPECTED);

        DocumentScore score = SCORER.score(expected, Json.mapper().readTree("\"I cannot help with that\""));

        assertThat(score.overall().matched()).isZero();
        assertThat(score.overall().missing()).isEqualTo(36);
        assertThat(score.overall().recall()).isZero();
        assertThat(score.overall().precision()).isEqualTo(1.0);
        assertThat(score.overall().f1()).isZero();
    }

    @Test
    void anAmountWithItsUnitInASiblingFieldIsComparedWithThatUnit() throws Exception {
        JsonNode expected = Json.mapper().readTree("""
                {"vitals": [{"name": "weight", "value": "70", "unit": "kg"},
                            {"name": "temperature", "value": "38.5", "unit": "°C"},
                            {"name": "height", "value": "170", "unit": "cm"}]}""");
        JsonNode actual = Json.mapper().readTree("""
                {"vitals": [{"name": "weight", "value": "154.3", "unit": "lbs"},
                            {"name": "temperature", "value": "38.5", "unit": "°F"},
                            {"name": "height", "value": "170", "unit": ""}]}""");

        DocumentScore score = SCORER.score(expected, actual);

        // weight: both right after conversion; temperature: 38.5 °F is not 38.5 °C, so value and unit are wrong;
        // height: the unit is missing and the amount alone is compared.
        assertCounts(score.fields().get("vitals[].value"), 2, 0, 1, 0);
        assertCounts(score.fields().get("vitals[].unit"), 1, 1, 1, 0);
    }

    @Test
    void itemsWhoseKeysShareNoWordAreNeverPaired() throws Exception {
        JsonNode expected = Json.mapper().readTree("""
                {"medications": [{"name": "Lisinopril", "dose": "10 mg", "route": "oral", "frequency": "daily"}]}""");
        JsonNode actual = Json.mapper().readTree("""
                {"medications": [{"name": "Amlodipine", "dose": "10 mg", "route": "oral", "frequency": "daily"}]}""");

        DocumentScore score = SCORER.score(expected, actual);

        assertCounts(score.lists().get("medications"), 0, 1, 0, 1);
        assertCounts(score.fields().get("medications[].dose"), 0, 1, 0, 1);
    }

    @Test
    void anItemWithoutItsKeyIsRecognisedByItsOtherFields() throws Exception {
        JsonNode expected = Json.mapper().readTree("""
                {"medications": [{"name": "Warfarin", "dose": "5 mg", "route": "oral", "frequency": "daily"},
                                 {"name": "Aspirin", "dose": "81 mg", "route": "oral", "frequency": "daily"}]}""");
        JsonNode actual = Json.mapper().readTree("""
                {"medications": [{"name": "", "dose": "5 mg", "route": "PO", "frequency": "once daily"},
                                 {"name": "aspirin", "dose": "81 mg", "route": "oral", "frequency": "daily"}]}""");

        DocumentScore score = SCORER.score(expected, actual);

        assertCounts(score.lists().get("medications"), 1, 0, 1, 0);
        assertCounts(score.fields().get("medications[].name"), 1, 1, 0, 0);
        assertCounts(score.fields().get("medications[].dose"), 2, 0, 0, 0);
    }

    @Test
    void validExpectedDocumentsHaveNoProblemsAndEnumCaseIsForgiven() throws Exception {
        ObjectNode expected = (ObjectNode) Json.mapper().readTree(EXPECTED);
        ((ObjectNode) expected.get("patient")).put("sex", "Female");

        assertThat(SCORER.validateExpected(expected)).isEmpty();
    }

    @Test
    void expectedDocumentsOutsideTheSchemaAreExplainedByPathWithoutTheirValues() throws Exception {
        ObjectNode expected = (ObjectNode) Json.mapper().readTree(EXPECTED);
        ((ObjectNode) expected.get("patient")).remove("name");
        ((ObjectNode) expected.get("patient")).put("sex", "woman").put("dateOfBirth", "sometime in 1961");
        ((ObjectNode) expected.get("diagnoses").get(1)).put("icd10Code", "hypertension");

        assertThat(SCORER.validateExpected(expected))
                .anySatisfy(p -> assertThat(p).startsWith("$.patient").contains("name"))
                .anySatisfy(p -> assertThat(p).startsWith("$.patient.sex"))
                .anySatisfy(p -> assertThat(p).startsWith("$.patient.dateOfBirth: not a date"))
                .anySatisfy(p -> assertThat(p).startsWith("$.diagnoses[1].icd10Code: not an ICD-10 code"))
                .noneSatisfy(p -> assertThat(p).contains("woman").contains("sometime"));
        assertThat(SCORER.validateExpected(Json.mapper().readTree("[]"))).singleElement().asString()
                .contains("must be a JSON object");
    }

    private static void assertCounts(FieldScore score, int matched, int missing, int wrong, int extra) {
        assertThat(score).isNotNull();
        assertThat(new int[] {score.matched(), score.missing(), score.wrong(), score.extra()})
                .as("matched, missing, wrong, extra").containsExactly(matched, missing, wrong, extra);
    }
}
