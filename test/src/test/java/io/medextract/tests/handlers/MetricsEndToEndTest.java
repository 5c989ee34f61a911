package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.tests.local.BedrockConverseFake;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real extractions, then the metrics API twice: live (the hour is still open, read from raw results) and
 * three hours later (read from the hourly rollup items). Both must report the same figures.
 */
class MetricsEndToEndTest extends LocalPlatformTest {

    private Instant hour;

    @BeforeEach
    void extractSomeDocuments() {
        for (BedrockConverseFake.Mode mode : new BedrockConverseFake.Mode[] {BedrockConverseFake.Mode.NORMAL,
                BedrockConverseFake.Mode.NORMAL, BedrockConverseFake.Mode.NORMAL, BedrockConverseFake.Mode.NORMAL,
                BedrockConverseFake.Mode.SCHEMA_VIOLATION, BedrockConverseFake.Mode.ACCESS_DENIED}) {
            platform.bedrock.mode(mode);
            platform.extractOne("Metrics Person");
        }
        hour = platform.extractions.completedIn(Instant.now().truncatedTo(ChronoUnit.HOURS)).isEmpty()
                ? Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS)
                : Instant.now().truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void liveAndRolledUpSummariesAgree() {
        MetricsHandler live = platform.metricsAt(Clock.systemUTC());
        JsonNode liveSummary = summary(live, hour, hour.plus(1, ChronoUnit.HOURS));
        assertThat(liveSummary.get("count").asLong()).isEqualTo(6);
        assertThat(liveSummary.get("successes").asLong()).isEqualTo(4);
        assertThat(liveSummary.get("successRate").asDouble()).isCloseTo(4 / 6.0, within(1e-9));
        assertThat(liveSummary.at("/failuresByCategory/SCHEMA_VIOLATION").asLong()).isEqualTo(1);
        assertThat(liveSummary.at("/failuresByCategory/MODEL_ACCESS_DENIED").asLong()).isEqualTo(1);
        // five answered calls at the recorded 1874 in / 642 out tokens on Haiku 4.5
        assertThat(liveSummary.get("inputTokens").asLong()).isEqualTo(5 * 1874);
        assertThat(liveSummary.get("totalCostUsd").asDouble()).isCloseTo(5 * 0.005084, within(1e-9));
        assertThat(liveSummary.at("/latencyMs/p50").asDouble()).isCloseTo(3120, within(3120 * 0.01));
        assertThat(liveSummary.at("/fieldCompleteness/medications").asDouble()).isGreaterThan(0.5);

        platform.hourlyRollup.roll(hour);
        int items = platform.scan(platform.resultsTable).size();
        platform.hourlyRollup.roll(hour); // idempotent
        assertThat(platform.scan(platform.resultsTable)).hasSize(items);

        MetricsHandler later = platform.metricsAt(Clock.fixed(hour.plus(3, ChronoUnit.HOURS), ZoneOffset.UTC));
        JsonNode rolledSummary = summary(later, hour, hour.plus(1, ChronoUnit.HOURS));
        for (String field : new String[] {"count", "successes", "successRate", "inputTokens", "outputTokens",
                "totalCostUsd", "latencyMs", "fieldCompleteness", "failuresByCategory"}) {
            assertThat(rolledSummary.get(field)).as(field).isEqualTo(liveSummary.get(field));
        }
    }

    @Test
    void lateResultsArePickedUpWhenTheHourIsRolledAgain() {
        platform.hourlyRollup.roll(hour);
        platform.bedrock.mode(BedrockConverseFake.Mode.NORMAL);
        platform.extractOne("Metrics Person");
        Instant lateHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        platform.hourlyRollup.roll(hour);
        platform.hourlyRollup.roll(lateHour);
        MetricsHandler later = platform.metricsAt(Clock.fixed(lateHour.plus(3, ChronoUnit.HOURS), ZoneOffset.UTC));
        assertThat(summary(later, hour, lateHour.plus(1, ChronoUnit.HOURS)).get("count").asLong()).isEqualTo(7);
    }

    @Test
    void theScheduleRollsThePreviousHours() {
        Instant scheduled = hour.plus(1, ChronoUnit.HOURS).plus(5, ChronoUnit.MINUTES);
        JsonNode event = LocalPlatform.JSON.createObjectNode().put("source", "aws.events")
                .put("detail-type", "Scheduled Event").put("time", scheduled.toString());
        JsonNode answer = LocalPlatform.invoke(platform.metricsAt(Clock.systemUTC()), event);
        assertThat(answer.get("rolledHours").toString()).contains(hour.toString());
        assertThat(answer.get("extractions").asLong()).isEqualTo(6);
        assertThat(platform.rollups.hour(hour)).singleElement()
                .satisfies(r -> assertThat(r.aggregate().count()).isEqualTo(6));
    }

    @Test
    void versionsTimeseriesAndCostViews() {
        platform.hourlyRollup.roll(hour);
        MetricsHandler later = platform.metricsAt(Clock.fixed(hour.plus(3, ChronoUnit.HOURS), ZoneOffset.UTC));
        Map<String, String> q = Map.of("from", hour.minus(2, ChronoUnit.HOURS).toString(),
                "to", hour.plus(2, ChronoUnit.HOURS).toString());
        JsonNode versions = ok(platform.api(later, "GET", "/api/metrics/versions", Map.of(), q, Map.of(), null));
        assertThat(versions.get("versions")).singleElement().satisfies(v -> {
            assertThat(v.get("promptVersion").asText()).isEqualTo("clinical-summary@1");
            assertThat(v.get("count").asLong()).isEqualTo(6);
        });
        JsonNode series = ok(platform.api(later, "GET", "/api/metrics/timeseries", Map.of(), q, Map.of(), null));
        assertThat(series.get("points")).hasSize(4);
        assertThat(series.get("points").get(2).get("hour").asText()).isEqualTo(hour.toString());
        assertThat(series.get("points").get(2).get("count").asLong()).isEqualTo(6);
        assertThat(series.get("points").get(0).get("count").asLong()).isZero();
        JsonNode cost = ok(platform.api(later, "GET", "/api/metrics/cost", Map.of(), q, Map.of(), null));
        assertThat(cost.at("/byModel/us.anthropic.claude-haiku-4-5-20251001-v1:0").asDouble())
                .isCloseTo(5 * 0.005084, within(1e-9));
    }

    @Test
    void badQueriesAre400() {
        MetricsHandler metrics = platform.metricsAt(Clock.systemUTC());
        for (Map<String, String> q : new Map[] {
                Map.of("from", "yesterday"),
                Map.of("to", "2026-13-01T00:00:00Z"),
                Map.of("from", "2026-11-25T10:00:00Z", "to", "2026-11-25T09:00:00Z"),
                Map.of("from", "2026-11-25T10:00:00Z", "to", "2026-11-25T10:00:00Z"),
                Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-11-25T00:00:00Z"),
                Map.of("promptVersion", "clinical-summary"),
                Map.of("limit", "10")}) {
            ApiResult r = platform.api(metrics, "GET", "/api/metrics/summary", Map.of(), q, Map.of(), null);
            assertThat(r.status()).as(q.toString()).isEqualTo(400);
            assertThat(r.body().get("message").asText()).as(q.toString()).isNotBlank();
        }
    }

    private JsonNode summary(MetricsHandler handler, Instant from, Instant to) {
        return ok(platform.api(handler, "GET", "/api/metrics/summary", Map.of(),
                Map.of("from", from.toString(), "to", to.toString()), Map.of(), null));
    }

    private static JsonNode ok(ApiResult r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }
}
