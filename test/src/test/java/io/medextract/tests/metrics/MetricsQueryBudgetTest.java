package io.medextract.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.tests.local.DynamoDbRequestLog;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one metrics request may cost, counted on the wire against dynalite: a window reaching into the future is
 * read only up to now (it used to cost one raw query per future hour), and a window that would need more than
 * {@link MetricsQueries#MAX_QUERIES_PER_REQUEST} queries is refused with a 400 before its raw reads.
 */
class MetricsQueryBudgetTest {

    private static final Instant H0 = Instant.parse("2026-11-20T00:00:00Z");

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
    void aWindowReachingIntoTheFutureIsReadUpToNow() {
        Instant now = H0.plus(5, ChronoUnit.HOURS).plus(20, ChronoUnit.MINUTES);
        for (int h = 0; h < 6; h++) {
            Instant completed = H0.plus(h, ChronoUnit.HOURS).plus(5, ChronoUnit.MINUTES);
            platform.extractions.createIfAbsent(succeeded("ext_" + h, completed));
        }
        platform.hourlyRollup.runAt(now);
        MetricsHandler metrics = platform.metricsAt(Clock.fixed(now, ZoneOffset.UTC));
        Map<String, String> tillNextQuarter = Map.of("from", now.toString(), "to", now.plus(89, ChronoUnit.DAYS).toString());

        calls.clear();
        JsonNode summary = ok(platform.api(metrics, "GET", "/api/metrics/summary", Map.of(), tillNextQuarter, Map.of(), null));
        List<DynamoDbRequestLog.Request> summaryQueries = queries();
        calls.clear();
        JsonNode series = ok(platform.api(metrics, "GET", "/api/metrics/timeseries", Map.of(), tillNextQuarter, Map.of(), null));

        assertThat(summary.get("from").asText()).isEqualTo(H0.plus(5, ChronoUnit.HOURS).toString());
        assertThat(summary.get("to").asText()).as("the window ends with the current hour")
                .isEqualTo(H0.plus(6, ChronoUnit.HOURS).toString());
        assertThat(summary.get("count").asLong()).isEqualTo(1);
        // the current hour's month partition (rollups and mark), then its raw tail; none for 89 days ahead
        assertThat(summaryQueries).hasSize(2);
        assertThat(series.get("points")).hasSize(1);
        assertThat(queries()).hasSizeLessThanOrEqualTo(MetricsQueries.MAX_QUERIES_PER_REQUEST);
    }

    @Test
    void aWindowStartingAfterNowIsRefused() {
        Instant now = H0.plus(5, ChronoUnit.HOURS);
        MetricsHandler metrics = platform.metricsAt(Clock.fixed(now, ZoneOffset.UTC));
        calls.clear();
        ApiResult r = platform.api(metrics, "GET", "/api/metrics/summary", Map.of(),
                Map.of("from", now.plus(1, ChronoUnit.HOURS).toString(), "to", now.plus(2, ChronoUnit.DAYS).toString()),
                Map.of(), null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("message").asText()).contains("from must not be after now");
        assertThat(calls.requests()).isEmpty();
    }

    @Test
    void aWindowOfUnrolledHoursWithinTheBudgetIsAnswered() {
        int budget = MetricsQueries.MAX_QUERIES_PER_REQUEST;
        Instant now = markHoursNotFinal(budget - 1);
        calls.clear();
        ApiResult r = summary(now, H0, H0.plus(budget - 1, ChronoUnit.HOURS));

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(queries()).as("one month partition and one raw read per hour").hasSize(budget);
    }

    @Test
    void aWindowNeedingMoreQueriesThanTheBudgetIs400BeforeItsRawReads() {
        int budget = MetricsQueries.MAX_QUERIES_PER_REQUEST;
        Instant now = markHoursNotFinal(budget);
        calls.clear();
        ApiResult r = summary(now, H0, H0.plus(budget, ChronoUnit.HOURS));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").asText()).isEqualTo("bad_request");
        assertThat(r.body().get("message").asText())
                .contains("needs " + (budget + 1) + " DynamoDB queries", "more than the " + budget,
                        "not rolled up yet", H0.toString(), "shorter window");
        assertThat(queries()).as("only the month partition was read").hasSize(1);
    }

    /**
     * {@code hours} hours from H0 whose mark says they were rolled to half past and never finished (a rollup
     * that stopped), each with one result after its watermark; the clock a day later.
     */
    private Instant markHoursNotFinal(int hours) {
        for (int h = 0; h < hours; h++) {
            Instant hour = H0.plus(h, ChronoUnit.HOURS);
            platform.rollups.putMark(new RollupRepository.HourMark(hour, hour.plus(30, ChronoUnit.MINUTES), false));
            platform.extractions.createIfAbsent(succeeded("ext_" + h, hour.plus(40, ChronoUnit.MINUTES)));
        }
        return H0.plus(hours, ChronoUnit.HOURS).plus(Duration.ofDays(1));
    }

    private ApiResult summary(Instant now, Instant from, Instant to) {
        return platform.api(platform.metricsAt(Clock.fixed(now, ZoneOffset.UTC)), "GET", "/api/metrics/summary",
                Map.of(), Map.of("from", from.toString(), "to", to.toString()), Map.of(), null);
    }

    private List<DynamoDbRequestLog.Request> queries() {
        return calls.requests().stream().filter(c -> c.operation().equals("Query")).toList();
    }

    private static JsonNode ok(ApiResult r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }

    private static ExtractionRecord succeeded(String id, Instant completedAt) {
        return ExtractionRecord.queued(id, "doc_" + id, "clinical-summary@1", "model-a", ExtractionRecord.Trigger.API,
                completedAt.minusSeconds(4)).succeeded(completedAt, new ExtractionRecord.ModelOutcome(1200, 1000,
                300, 0.004, true, 1.0, List.of("diagnoses"), List.of("diagnoses"), Map.of(), "end_turn", "{}"));
    }
}
