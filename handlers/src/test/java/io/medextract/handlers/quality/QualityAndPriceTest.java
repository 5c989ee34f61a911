package io.medextract.handlers.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import org.junit.jupiter.api.Test;

class QualityAndPriceTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{
              "patient":{"type":"object","properties":{"name":{"type":["string","null"]}}},
              "diagnoses":{"type":"array","items":{"type":"string"}},
              "allergies":{"type":"array","items":{"type":"string"}},
              "encounterDate":{"type":["string","null"]}},
             "required":["patient","diagnoses","allergies","encounterDate"],"additionalProperties":false}""";

    @Test
    void completenessCountsFilledTopLevelFields() throws Exception {
        JsonNode schema = Json.mapper().readTree(SCHEMA);
        JsonNode doc = Json.mapper().readTree("""
                {"patient":{"name":null},"diagnoses":["J18.1","I10"],"allergies":[],"encounterDate":"2026-10-02"}""");
        QualityReport q = QualityReport.measure(schema, doc);
        assertThat(q.completeness()).isEqualTo(0.5);
        assertThat(q.filledFields()).containsExactly("diagnoses", "encounterDate");
        assertThat(q.entityCounts()).containsEntry("diagnoses", 2).containsEntry("allergies", 0);
    }

    @Test
    void notDocumentedMarkersCountAsNotFilled() throws Exception {
        JsonNode schema = Json.mapper().readTree(SCHEMA);
        JsonNode doc = Json.mapper().readTree("""
                {"patient":{"name":"","sex":"not_documented"},"diagnoses":["J18.1"],"allergies":[],
                 "encounterDate":" "}""");
        QualityReport q = QualityReport.measure(schema, doc);
        assertThat(q.filledFields()).containsExactly("diagnoses");
        assertThat(q.completeness()).isEqualTo(0.25);

        JsonNode documented = Json.mapper().readTree("""
                {"patient":{"name":"","sex":"female"},"diagnoses":[],"allergies":[],"encounterDate":"2026-10-02"}""");
        assertThat(QualityReport.measure(schema, documented).filledFields()).containsExactly("patient", "encounterDate");
    }

    @Test
    void schemaCheckReportsPathsNotValues() throws Exception {
        JsonNode schema = Json.mapper().readTree(SCHEMA);
        SchemaCheck check = new SchemaCheck();
        assertThat(check.violations("t@1", schema, Json.mapper().readTree(
                "{\"patient\":{\"name\":\"A\"},\"diagnoses\":[],\"allergies\":[],\"encounterDate\":null}"))).isEmpty();
        assertThat(check.violations("t@1", schema, Json.mapper().readTree(
                "{\"patient\":{\"name\":\"Secret Name\"},\"diagnoses\":\"flu\",\"allergies\":[],\"encounterDate\":null,\"x\":1}")))
                .hasSize(2).allSatisfy(v -> assertThat(v).doesNotContain("Secret").doesNotContain("flu"));
    }

    @Test
    void costUsesThePriceOfTheFoundationModelBehindAProfile() {
        PriceTable prices = PriceTable.defaults();
        assertThat(prices.cost("us.anthropic.claude-sonnet-4-5-20250929-v1:0", 1_000_000, 100_000)).isEqualTo(4.5);
        assertThat(prices.cost("anthropic.claude-haiku-4-5-20251001-v1:0", 1874, 642)).isEqualTo(0.005084);
        assertThat(prices.cost("global.anthropic.claude-haiku-4-5-20251001-v1:0", 1000, 0)).isEqualTo(0.001);
        assertThat(prices.cost("unknown.model-v1", 1000, 1000)).isZero();
    }

    @Test
    void overridesReplaceDefaults() {
        PriceTable prices = PriceTable.withOverrides(
                "{\"anthropic.claude-sonnet-4-5-20250929-v1:0\":{\"input\":2.0,\"output\":10.0}}");
        assertThat(prices.cost("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", 1_000_000, 1_000_000)).isEqualTo(12.0);
    }

    @Test
    void embeddedMetricsCarryNumbersDimensionsAndTheFailureCategory() {
        java.time.Instant now = java.time.Instant.parse("2026-11-25T10:00:00Z");
        io.medextract.handlers.domain.ExtractionRecord failed = io.medextract.handlers.domain.ExtractionRecord
                .queued("ext_1", "doc_1", "clinical-summary@1", "m", io.medextract.handlers.domain.ExtractionRecord.Trigger.API, now)
                .failed(now, io.medextract.handlers.domain.ErrorCategory.MODEL_ACCESS_DENIED, "denied", null);
        String line = io.medextract.handlers.json.Json.write(EmbeddedMetrics.extraction(failed, "prod", now));
        assertThat(line).contains("\"Namespace\":\"MedExtract\"").contains("[\"Stage\",\"ErrorCategory\"]")
                .contains("\"ErrorCategory\":\"MODEL_ACCESS_DENIED\"").contains("\"ExtractionFailed\":1")
                .contains("\"Timestamp\":" + now.toEpochMilli());
    }
}
