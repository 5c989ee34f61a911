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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup and the raw tail ask the byCompletedHour index only for what the aggregate reads: the items come
 * back without ids, entity counts or other attributes the index holds, and the figures stay whole. On the wire,
 * against dynalite.
 */
class RawReadsProjectionTest {

    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    /** What the aggregate needs, plus the experiment id that the rollup passes on to the experiment sums. */
    private static final Set<String> MEASURED = Set.of("status", "promptVersion", "modelId", "trigger", "completedAt",
            "latencyMs", "inputTokens", "outputTokens", "costUsd", "fieldCompleteness", "filledFields",
            "schemaFields", "errorCategory");

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
    void rollupAndTailReadOnlyTheMeasuredAttributes() {
        platform.extractions.createIfAbsent(finished("ext_rolled", HOUR.plus(5, ChronoUnit.MINUTES)));
        platform.extractions.createIfAbsent(finished("ext_tail", HOUR.plus(25, ChronoUnit.MINUTES)));
        Instant now = HOUR.plus(20, ChronoUnit.MINUTES); // watermark :19, so ext_tail is in the raw tail
        calls.clear();
        platform.hourlyRollup.runAt(now);
        List<JsonNode> rolled = indexItems();
        assertThat(rolled).hasSize(2);
        Set<String> rolledNames = new HashSet<>(MEASURED);
        rolledNames.add("experimentId");
        assertThat(rolled).allSatisfy(item -> assertThat(names(item)).isSubsetOf(rolledNames)
                .contains("experimentId", "latencyMs", "schemaFields")); // errorCategory: only when failed

        MetricsQueries queries = new MetricsQueries(platform.rollups, platform.extractions,
                Clock.fixed(HOUR.plus(30, ChronoUnit.MINUTES), ZoneOffset.UTC));
        calls.clear();
        Map<String, Object> summary = queries.summary(new MetricsWindow(HOUR, HOUR.plus(1, ChronoUnit.HOURS),
                Optional.empty()));
        List<JsonNode> tail = indexItems();
        assertThat(tail).hasSize(1);
        assertThat(names(tail.get(0))).isSubsetOf(MEASURED).contains("latencyMs", "schemaFields");
        assertThat(summary.get("count")).isEqualTo(2L);
        assertThat(summary.get("inputTokens")).isEqualTo(2000L);
        assertThat(summary.get("meanFieldCompleteness")).isEqualTo(0.5);
    }

    /** The items that Query calls on the byCompletedHour index returned. */
    private List<JsonNode> indexItems() {
        List<JsonNode> items = new ArrayList<>();
        for (DynamoDbRequestLog.Request call : calls.requests()) {
            if (call.operation().equals("Query")
                    && json(call.body()).path("IndexName").asText().equals("byCompletedHour")) {
                json(call.response()).path("Items").forEach(items::add);
            }
        }
        return items;
    }

    private static Set<String> names(JsonNode item) {
        Set<String> names = new HashSet<>();
        item.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String text) {
        try {
            return LocalPlatform.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExtractionRecord finished(String id, Instant completedAt) {
        return ExtractionRecord.queued(id, "doc_" + id, "clinical-summary@1", "model-a", ExtractionRecord.Trigger.API,
                        completedAt.minusSeconds(4)).inExperiment("exp_projection", "control")
                .succeeded(completedAt, new ExtractionRecord.ModelOutcome(1200, 1000, 300, 0.004, true, 0.5,
                        List.of("diagnoses"), List.of("diagnoses", "allergies"), Map.of("diagnoses", 2), "end_turn",
                        "{\"diagnoses\":[]}"));
    }
}
