package io.medextract.tests.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.metrics.MetricsAggregate;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.tests.bench.ApiGatewayEvents;
import io.medextract.tests.local.TestDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Inputs shaped like production's, built once per benchmark fork with a fixed seed: API Gateway events as the
 * handlers receive them, the recorded model answer, 30 days of hourly rollups and experiment sums.
 */
public final class HotPathSamples {

    static final Instant START = Instant.parse("2026-10-26T00:00:00Z");
    static final Instant NOW = START.plus(30, ChronoUnit.DAYS);
    static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String EXPERIMENT_ID = "exp_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("patient", "encounter", "diagnoses", "medications",
            "allergies", "vitals", "labs", "procedures", "providers");

    private HotPathSamples() {}

    /** POST /api/upload with an inline 2 KB discharge summary, as API Gateway's proxy integration sends it. */
    static byte[] uploadEvent() {
        String body = TestDocuments.uploadBody("discharge.txt", "text/plain",
                TestDocuments.dischargeSummary("Jane Example").getBytes(StandardCharsets.UTF_8));
        return apiEvent("POST", "/api/upload", Map.of(), Map.of(), body);
    }

    /** GET /api/metrics/summary with a 30-day window and a prompt version filter. */
    static byte[] summaryEvent() {
        return apiEvent("GET", "/api/metrics/summary", Map.of(), Map.of("from", START.toString(), "to", NOW.toString(),
                "promptVersion", "clinical-summary@2"), null);
    }

    /** POST /api/experiments creating a two-variant experiment. */
    static String experimentBody() {
        return "{\"name\":\"shorter system prompt\",\"label\":\"production\",\"split\":\"50/50\","
                + "\"variants\":[{\"name\":\"control\",\"promptVersion\":\"clinical-summary@1\"},"
                + "{\"name\":\"candidate\",\"promptVersion\":\"clinical-summary@2\"}],"
                + "\"primaryMetric\":\"FIELD_COMPLETENESS\",\"minimumDetectableEffect\":0.02}";
    }

    static byte[] apiEvent(String method, String resource, Map<String, String> path, Map<String, String> query,
                           String body) {
        return ApiGatewayEvents.event(method, resource, path, query, body);
    }

    /** The model answer recorded for the synthetic discharge summary (the Bedrock fake serves the same). */
    static JsonNode recordedExtraction() {
        try (InputStream in = HotPathSamples.class.getResourceAsStream("/bedrock/discharge-summary-recorded.json")) {
            return JSON.readTree(in).get("extraction");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One hourly aggregate per hour and prompt version over 30 days, each of {@code perHour} extractions. */
    static List<RollupRepository.Rollup> rollups(int perHour) {
        return rollups(START, NOW, perHour);
    }

    /** As {@link #rollups(int)}, for the hours in [from, to). */
    public static List<RollupRepository.Rollup> rollups(Instant from, Instant to, int perHour) {
        Random random = new Random(11);
        List<RollupRepository.Rollup> rollups = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (String version : List.of("clinical-summary@1", "clinical-summary@2")) {
                MetricsAggregate aggregate = MetricsAggregate.empty();
                for (int i = 0; i < perHour; i++) {
                    aggregate.add(record("ext_" + i, hour, version, random));
                }
                rollups.add(new RollupRepository.Rollup(hour, version, MODEL, aggregate));
            }
        }
        return rollups;
    }

    /** Hourly sufficient statistics of a two-arm experiment over 30 days, {@code perHour} extractions per arm. */
    static List<VariantHourSums> experimentSums(int perHour) {
        return experimentSums(START, NOW, perHour);
    }

    /** As {@link #experimentSums(int)}, for the hours in [from, to). */
    public static List<VariantHourSums> experimentSums(Instant from, Instant to, int perHour) {
        Random random = new Random(13);
        List<ExtractionRecord> records = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (int i = 0; i < perHour; i++) {
                for (String variant : List.of("control", "candidate")) {
                    records.add(record("ext_" + variant + i, hour.plusSeconds(random.nextInt(3600)), "v", random)
                            .inExperiment(EXPERIMENT_ID, variant));
                }
            }
        }
        return VariantHourSums.fromRecords(records);
    }

    static Experiment experiment() {
        return new Experiment(EXPERIMENT_ID, "bench", "production", List.of(
                new Experiment.Variant("control", "clinical-summary@1", 50),
                new Experiment.Variant("candidate", "clinical-summary@2", 50)),
                PrimaryMetric.FIELD_COMPLETENESS, 0.01, 0.05, 0.8, ExperimentStatus.RUNNING, 1, START, START, null,
                null, null);
    }

    private static ExtractionRecord record(String id, Instant at, String version, Random random) {
        boolean ok = random.nextDouble() < 0.97;
        double latency = Math.exp(8.2 + 0.6 * random.nextGaussian());
        List<String> filled = FIELDS.stream().filter(f -> random.nextDouble() < 0.9).toList();
        ExtractionRecord queued = ExtractionRecord.queued(id, "doc_" + id, version, MODEL,
                ExtractionRecord.Trigger.UPLOAD_EVENT, at);
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome((long) latency, 1800, 600,
                0.0144, ok, filled.size() / 9.0, filled, FIELDS, Map.of("diagnoses", 3), "end_turn", null);
        return ok ? queued.succeeded(at, outcome) : queued.failed(at, ErrorCategory.SCHEMA_VIOLATION, "schema", outcome);
    }
}
