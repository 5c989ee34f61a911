package io.medextract.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.MetricsWindow;
import io.medextract.tests.local.DynamoDbRequestLog;
import io.medextract.tests.local.LocalPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A warm container keeps final hours: its second request over the same window asks DynamoDB only for the hours
 * from the first one that is not final, and gets back only their items. Seen on the wire, against dynalite.
 */
class FinalHourReadsTest {

    private static final Instant H0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final int HOURS = 6;

    private final DynamoDbRequestLog calls = new DynamoDbRequestLog();
    private LocalPlatform platform;

    @BeforeEach
    void start() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults(), calls::wrap);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void theSecondRequestReadsOnlyTheHoursThatAreNotFinal() {
        for (int h = 0; h < HOURS; h++) {
            for (int i = 0; i < 3; i++) {
                Instant completed = H0.plus(h, ChronoUnit.HOURS).plus(10L * i + 5, ChronoUnit.MINUTES);
                platform.extractions.createIfAbsent(succeeded("ext_" + h + "_" + i, completed));
            }
        }
        for (int h = 0; h < HOURS - 2; h++) {
            platform.hourlyRollup.roll(H0.plus(h, ChronoUnit.HOURS));
        }
        Instant now = H0.plus(HOURS - 1, ChronoUnit.HOURS).plus(20, ChronoUnit.MINUTES); // watermark :19
        Map<String, Object> run = platform.hourlyRollup.runAt(now);
        Instant current = H0.plus(HOURS - 1, ChronoUnit.HOURS);
        assertThat(run.get("finalHours").toString()).contains(current.minus(1, ChronoUnit.HOURS).toString())
                .doesNotContain(current.toString());

        MetricsQueries queries = new MetricsQueries(platform.rollups, platform.extractions, Clock.fixed(now, ZoneOffset.UTC));
        MetricsWindow window = new MetricsWindow(H0, H0.plus(HOURS, ChronoUnit.HOURS), Optional.empty());
        calls.clear();
        Map<String, Object> first = queries.summary(window);
        List<DynamoDbRequestLog.Request> firstCalls = queries();
        calls.clear();
        Map<String, Object> second = queries.summary(window);
        List<DynamoDbRequestLog.Request> secondCalls = queries();

        assertThat(second).isEqualTo(first);
        assertThat(first.get("count")).isEqualTo((long) HOURS * 3);
        // first: the window's rollups and marks (6 hours: 6 rollups + 6 marks), then the current hour's tail
        assertThat(firstCalls).hasSize(2);
        assertThat(count(firstCalls.get(0))).isEqualTo(2 * HOURS);
        // second: only the current hour's rollup and mark, then its tail (its :25 extraction, after the watermark)
        assertThat(secondCalls).hasSize(2);
        assertThat(json(secondCalls.get(0).body()).at("/ExpressionAttributeValues/:from/S").asText())
                .isEqualTo("2026-11-20T05");
        assertThat(count(secondCalls.get(0))).isEqualTo(2);
        assertThat(json(secondCalls.get(1).body()).path("IndexName").asText()).isEqualTo("byCompletedHour");
        assertThat(count(secondCalls.get(1))).isEqualTo(1);
        assertThat(queries.cachedRollups()).isEqualTo(HOURS - 1);
    }

    @Test
    void hoursOlderThanTheRollupsReachWithNothingStoredAreNotReadRaw() {
        // 48 hours with no rollup, no mark and no results (e.g. before the first run after an upgrade): every run
        // marks the hours it reaches, so only those (the current one and three before it) may still be unrolled.
        Instant now = H0.plus(48, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES);
        MetricsQueries queries = new MetricsQueries(platform.rollups, platform.extractions, Clock.fixed(now, ZoneOffset.UTC));
        calls.clear();
        Map<String, Object> summary = queries.summary(new MetricsWindow(H0, now, Optional.empty()));

        assertThat(summary.get("count")).isEqualTo(0L);
        List<DynamoDbRequestLog.Request> raw = queries().stream()
                .filter(c -> json(c.body()).path("IndexName").asText().equals("byCompletedHour")).toList();
        assertThat(raw).as("raw reads: the current hour and the three the rollup still reaches").hasSize(4);
        assertThat(queries()).hasSize(1 + 4);
    }

    private List<DynamoDbRequestLog.Request> queries() {
        return calls.requests().stream().filter(c -> c.operation().equals("Query")).toList();
    }

    private static int count(DynamoDbRequestLog.Request call) {
        return json(call.response()).path("Count").asInt();
    }

    private static JsonNode json(String text) {
        try {
            return LocalPlatform.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExtractionRecord succeeded(String id, Instant completedAt) {
        return ExtractionRecord.queued(id, "doc_" + id, "clinical-summary@1", "model-a", ExtractionRecord.Trigger.API,
                completedAt.minusSeconds(4)).succeeded(completedAt, new ExtractionRecord.ModelOutcome(1200, 1000,
                300, 0.004, true, 1.0, List.of("diagnoses"), List.of("diagnoses"), Map.of(), "end_turn", "{}"));
    }
}
