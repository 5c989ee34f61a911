package io.medextract.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.experiments.ExperimentObservations;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.metrics.MetricsAggregate;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.MetricsWindow;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.handlers.stats.Moments;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random extractions over several hours, the rollup run at random times (and stale runs replayed, as a
 * retried or late scheduled event would be), and after every step the metrics and experiment observations
 * (each from one warm instance, so from its cache of final hours plus what it reads) compared with the
 * aggregate of all raw extractions: counts exactly, sums to rounding, the latency sketch's
 * quantiles exactly. Against dynalite with the real SDK.
 */
class RollupWatermarkTest extends LocalPlatformTest {

    private static final Instant START = Instant.parse("2026-11-20T09:40:00Z");
    private static final Instant END = START.plus(Duration.ofHours(4));
    private static final String EXPERIMENT = "exp_watermark";
    private static final List<String> VERSIONS = List.of("clinical-summary@1", "clinical-summary@2");
    private static final List<String> MODELS = List.of("model-a", "model-b");

    @ParameterizedTest
    @ValueSource(longs = {11, 23, 42})
    void rollupsPlusTheRawTailEqualTheRawAggregate(long seed) {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(); // the queries decide by "now" which unrolled hours to read raw
        clock.set(START);
        MetricsQueries queries = new MetricsQueries(platform.rollups, platform.extractions, clock);
        ExperimentObservations observations = new ExperimentObservations(platform.experimentSums, platform.extractions, clock);
        List<ExtractionRecord> written = new ArrayList<>();
        List<Instant> runs = new ArrayList<>();
        Instant now = START;
        int id = 0;
        while (now.isBefore(END)) {
            Instant next = now.plusMillis(1 + random.nextInt(12 * 60_000));
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                Instant completedAt = now.plusMillis(random.nextLong(Duration.between(now, next).toMillis()));
                ExtractionRecord r = record(random, "ext_" + seed + "_" + id++, completedAt);
                platform.extractions.createIfAbsent(r);
                written.add(r);
            }
            now = next;
            clock.set(now);
            if (random.nextInt(3) > 0) {
                platform.hourlyRollup.runAt(now);
                runs.add(now);
            }
            if (!runs.isEmpty() && random.nextInt(4) == 0) {
                platform.hourlyRollup.runAt(runs.get(random.nextInt(runs.size()))); // a retried or late event
            }
            assertSameAsRaw(queries, observations, written, now);
        }
        assertThat(queries.cachedRollups()).as("final hours were cached").isPositive();
        assertThat(observations.cachedSums()).as("final hours of the experiment were cached").isGreaterThan(1);
        // A fresh container (nothing cached) reads the same.
        assertSameAsRaw(new MetricsQueries(platform.rollups, platform.extractions, clock),
                new ExperimentObservations(platform.experimentSums, platform.extractions, clock), written, now);
    }

    private void assertSameAsRaw(MetricsQueries queries, ExperimentObservations observations,
                                 List<ExtractionRecord> written, Instant now) {
        Instant first = START.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant last = END.truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.HOURS);
        assertSummary(queries, written, new MetricsWindow(first, last, Optional.empty()), now);
        assertSummary(queries, written, new MetricsWindow(first, last, Optional.of(VERSIONS.get(1))), now);
        assertHours(queries, written, new MetricsWindow(first, last, Optional.empty()), now);
        assertExperiment(observations.forExperiment(EXPERIMENT),
                VariantHourSums.fromRecords(written.stream().filter(r -> EXPERIMENT.equals(r.experimentId())).toList()),
                now);
    }

    private static void assertSummary(MetricsQueries queries, List<ExtractionRecord> written, MetricsWindow window,
                                      Instant now) {
        Map<String, Object> expected = MetricsQueries.merge(raw(written, window.from(), window.to()),
                window.promptVersion()).describe();
        Map<String, Object> actual = new TreeMap<>(queries.summary(window));
        actual.keySet().removeAll(List.of("from", "to", "promptVersion"));
        assertSame(actual, expected, "at " + now + ", window " + window);
    }

    /** The timeseries' points against each hour's raw aggregate. */
    @SuppressWarnings("unchecked")
    private static void assertHours(MetricsQueries queries, List<ExtractionRecord> written, MetricsWindow window,
                                    Instant now) {
        List<Map<String, Object>> points = (List<Map<String, Object>>) queries.timeseries(window).get("points");
        for (Map<String, Object> point : points) {
            Instant hour = Instant.parse((String) point.get("hour"));
            Map<String, Object> expected = MetricsQueries.merge(raw(written, hour, hour.plus(1, ChronoUnit.HOURS)),
                    Optional.empty()).describe();
            expected.keySet().retainAll(point.keySet());
            Map<String, Object> actual = new TreeMap<>(point);
            actual.remove("hour");
            assertSame(actual, expected, "at " + now + ", hour " + hour);
        }
    }

    private static List<RollupRepository.Rollup> raw(List<ExtractionRecord> written, Instant from, Instant to) {
        List<RollupRepository.Rollup> raw = new ArrayList<>();
        for (ExtractionRecord r : written) {
            if (!r.completedAt().isBefore(from) && r.completedAt().isBefore(to)) {
                MetricsAggregate a = MetricsAggregate.empty();
                a.add(r);
                raw.add(new RollupRepository.Rollup(r.completedAt().truncatedTo(ChronoUnit.HOURS), r.promptVersion(),
                        r.modelId(), a));
            }
        }
        return raw;
    }

    @SuppressWarnings("unchecked")
    private static void assertSame(Object actual, Object expected, String where) {
        if (expected instanceof Map<?, ?> e) {
            assertThat(actual).as(where).isInstanceOf(Map.class);
            Map<String, Object> a = (Map<String, Object>) actual;
            assertThat(a.keySet()).as(where).isEqualTo(e.keySet());
            e.forEach((k, v) -> assertSame(a.get(k), v, where + " " + k));
        } else if (expected instanceof Double d && actual instanceof Double ad) {
            assertThat(ad).as(where).isCloseTo(d, org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(d))));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private static void assertExperiment(List<VariantHourSums> actual, List<VariantHourSums> expected, Instant now) {
        Map<String, Moments> a = totals(actual);
        Map<String, Moments> e = totals(expected);
        assertThat(a.keySet()).as("at " + now).isEqualTo(e.keySet());
        e.forEach((key, m) -> {
            assertThat(a.get(key).n()).as(key + " at " + now).isEqualTo(m.n());
            assertThat(a.get(key).sum()).as(key).isCloseTo(m.sum(),
                    org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(m.sum()))));
            assertThat(a.get(key).sumOfSquares()).as(key).isCloseTo(m.sumOfSquares(),
                    org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(m.sumOfSquares()))));
        });
    }

    /** Moments per (hour, variant, metric). */
    private static Map<String, Moments> totals(List<VariantHourSums> sums) {
        Map<String, Moments> out = new TreeMap<>();
        for (VariantHourSums s : sums) {
            for (PrimaryMetric metric : PrimaryMetric.values()) {
                if (s.of(metric).n() > 0) {
                    out.merge(s.hour() + " " + s.variant() + " " + metric, s.of(metric), Moments::plus);
                }
            }
        }
        return out;
    }

    private static ExtractionRecord record(Random random, String extractionId, Instant completedAt) {
        int version = random.nextInt(VERSIONS.size());
        ExtractionRecord queued = ExtractionRecord.queued(extractionId, "doc_" + extractionId, VERSIONS.get(version),
                MODELS.get(random.nextInt(MODELS.size())), ExtractionRecord.Trigger.API, completedAt.minusSeconds(5));
        if (random.nextBoolean()) {
            queued = queued.inExperiment(EXPERIMENT, version == 0 ? "control" : "candidate");
        }
        List<String> fields = List.of("diagnoses", "medications", "allergies");
        List<String> filled = fields.subList(0, random.nextInt(fields.size() + 1));
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome(500 + random.nextInt(9000),
                1000 + random.nextInt(2000), 200 + random.nextInt(800), random.nextDouble() / 100, true,
                (double) filled.size() / fields.size(), filled, fields, Map.of(), "end_turn", "{}");
        if (random.nextInt(5) == 0) {
            ErrorCategory[] categories = ErrorCategory.values();
            return queued.failed(completedAt, categories[random.nextInt(categories.length)], "failed", outcome);
        }
        return queued.succeeded(completedAt, outcome);
    }
}
