package io.medextract.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.experiments.ExperimentObservations;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.tests.local.DynamoDbRequestLog;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A warm experiments function keeps the sums of the hours the experiment's mark calls final: a second results
 * request asks DynamoDB only for the hours from the first one that is not final, and the raw tail. The cache
 * belongs to one function instance and is bounded; the rollup rewrites an hour a last time when the late-write
 * window has passed, so results that reached the index late are in the hour that gets cached. Seen on the wire,
 * against dynalite.
 */
class ExperimentFinalHourReadsTest {

    private static final String CREATE = """
            {"name":"final hours","variants":[
               {"name":"control","promptVersion":"clinical-summary@1"},
               {"name":"candidate","promptVersion":"clinical-summary@2"}],
             "split":"50/50","primaryMetric":"FIELD_COMPLETENESS","minimumDetectableEffect":0.05}""";
    private static final List<String> VARIANTS = List.of("control", "candidate");

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
    void theSecondResultsRequestOnASevenDayExperimentReadsOnlyTheHoursThatAreNotFinal() {
        Instant current = Instant.parse("2026-11-27T00:00:00Z");
        Instant first = current.minus(Duration.ofDays(7));
        platform.clock.set(first.minusSeconds(60));
        String id = platform.post(platform.experiments, "/api/experiments", Map.of(), CREATE).body()
                .get("experimentId").asText();
        assertThat(platform.post(platform.experiments, "/api/experiments/{id}/start", Map.of("id", id), null)
                .status()).isEqualTo(200);
        int written = 0;
        for (Instant hour = first; !hour.isAfter(current); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (String variant : VARIANTS) {
                platform.extractions.createIfAbsent(record(id, variant, written++, hour.plus(5, ChronoUnit.MINUTES)));
            }
        }
        // The run at 00:10 (watermark 00:09) rolls all 169 hours; 23:00 is not final until a watermark of 00:15.
        Instant now = current.plus(10, ChronoUnit.MINUTES);
        platform.clock.set(now);
        platform.hourlyRollup.runAt(now);
        platform.extractions.createIfAbsent(record(id, "candidate", written++, now.minusSeconds(30))); // the tail

        calls.clear();
        ApiResult cold = results(id);
        List<DynamoDbRequestLog.Request> coldCalls = calls.requests();
        calls.clear();
        ApiResult warm = results(id);
        List<DynamoDbRequestLog.Request> warmCalls = calls.requests();

        assertThat(cold.status()).isEqualTo(200);
        assertThat(warm.body()).isEqualTo(cold.body());
        assertThat(observed(warm.body())).isEqualTo(written);
        assertThat(warmCalls).extracting(DynamoDbRequestLog.Request::operation)
                .isEqualTo(coldCalls.stream().map(DynamoDbRequestLog.Request::operation).toList());
        // cold: every hour's sums (169 hours x 2 variants) and the mark
        DynamoDbRequestLog.Request coldSums = sumsQuery(coldCalls);
        assertThat(json(coldSums.body()).at("/ExpressionAttributeValues/:from").isMissingNode()).isTrue();
        assertThat(count(coldSums)).isEqualTo(169 * 2 + 1);
        // warm: the two hours not final (23:00 and 00:00) and the mark, then the tail after the watermark
        DynamoDbRequestLog.Request warmSums = sumsQuery(warmCalls);
        assertThat(json(warmSums.body()).at("/ExpressionAttributeValues/:from/S").asText()).isEqualTo("2026-11-26T23");
        assertThat(count(warmSums)).isEqualTo(2 * 2 + 1);
        assertThat(count(tailQuery(warmCalls))).isEqualTo(1);

        // The next run (watermark 00:19) makes 23:00 final: the request after it learns so, the next one starts
        // an hour later.
        now = current.plus(20, ChronoUnit.MINUTES);
        platform.clock.set(now);
        platform.hourlyRollup.runAt(now);
        calls.clear();
        assertThat(observed(results(id).body())).isEqualTo(written);
        assertThat(json(sumsQuery(calls.requests()).body()).at("/ExpressionAttributeValues/:from/S").asText())
                .isEqualTo("2026-11-26T23");
        calls.clear();
        assertThat(observed(results(id).body())).isEqualTo(written);
        DynamoDbRequestLog.Request later = sumsQuery(calls.requests());
        assertThat(json(later.body()).at("/ExpressionAttributeValues/:from/S").asText()).isEqualTo("2026-11-27T00");
        assertThat(count(later)).isEqualTo(2 + 1);
        assertThat(count(tailQuery(calls.requests()))).isZero();
    }

    @Test
    void resultsThatReachTheIndexLateAreInTheHourWhenItBecomesFinal() {
        Instant hour = Instant.parse("2026-11-20T10:00:00Z");
        String id = "exp_late";
        for (int i = 0; i < 4; i++) {
            platform.extractions.createIfAbsent(record(id, VARIANTS.get(i % 2), i, hour.plus(10L * i, ChronoUnit.MINUTES)));
        }
        platform.clock.set(hour.plus(68, ChronoUnit.MINUTES));
        platform.hourlyRollup.runAt(platform.clock.instant()); // watermark 11:07: 10:00 is not final yet
        ExperimentObservations warm = new ExperimentObservations(platform.experimentSums, platform.extractions,
                platform.clock);
        assertThat(n(warm.forExperiment(id))).isEqualTo(4);
        assertThat(warm.cachedSums()).isEqualTo(1); // the hours before 10:00: final, empty, counted as one

        // Finished at 10:58, in the index only now (11:12): within the late-write window, after the watermark.
        platform.extractions.createIfAbsent(record(id, "control", 4, hour.plus(58, ChronoUnit.MINUTES)));
        platform.clock.set(hour.plus(81, ChronoUnit.MINUTES));
        platform.hourlyRollup.runAt(platform.clock.instant()); // watermark 11:20: 10:00 rolled a last time, final
        platform.hourlyRollup.runAt(hour.plus(68, ChronoUnit.MINUTES)); // a stale replay: changes nothing

        assertThat(n(warm.forExperiment(id))).isEqualTo(5);
        assertThat(n(warm.forExperiment(id))).isEqualTo(5); // now from the cache
        assertThat(n(new ExperimentObservations(platform.experimentSums, platform.extractions, platform.clock)
                .forExperiment(id))).isEqualTo(5);
        ExperimentSumsRepository.Stored stored = platform.experimentSums.stored(id);
        assertThat(stored.sums()).extracting(ExperimentSumsRepository.StoredSums::watermark)
                .containsOnly(hour.plus(80, ChronoUnit.MINUTES));
        assertThat(stored.sums().stream().mapToLong(s -> s.sums().of(PrimaryMetric.SUCCESS_RATE).n()).sum())
                .as("the late result is in the stored sums, not only in a tail").isEqualTo(5);
    }

    @Test
    void theCacheBelongsToOneFunctionInstanceAndIsBounded() {
        Instant current = Instant.parse("2026-11-20T12:00:00Z");
        for (String id : List.of("exp_a", "exp_b")) {
            for (int h = 10; h >= 0; h--) {
                for (String variant : VARIANTS) {
                    platform.extractions.createIfAbsent(record(id, variant, h * 2 + VARIANTS.indexOf(variant),
                            current.minus(h, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES)));
                }
            }
        }
        Instant now = current.plus(40, ChronoUnit.MINUTES);
        platform.clock.set(now);
        platform.hourlyRollup.runAt(now); // both experiments: every hour before 12:00 final, 10 hours x 2 sums each
        ExperimentObservations bounded = new ExperimentObservations(platform.experimentSums, platform.extractions,
                platform.clock, 30);

        List<VariantHourSums> a = bounded.forExperiment("exp_a");
        assertThat(bounded.cachedSums()).isEqualTo(20);
        List<VariantHourSums> b = bounded.forExperiment("exp_b");
        assertThat(bounded.cachedSums()).as("40 sums would pass the bound: exp_a, least recently read, went")
                .isEqualTo(20);
        assertThat(n(a)).isEqualTo(22);
        assertThat(n(b)).isEqualTo(22);

        calls.clear();
        assertThat(n(bounded.forExperiment("exp_b"))).isEqualTo(22);
        assertThat(n(bounded.forExperiment("exp_a"))).isEqualTo(22);
        List<DynamoDbRequestLog.Request> sums = calls.requests().stream()
                .filter(c -> c.operation().equals("Query") && c.body().contains("EXPSUMS#")).toList();
        assertThat(sums).hasSize(2);
        assertThat(json(sums.get(0).body()).at("/ExpressionAttributeValues/:from/S").asText())
                .as("exp_b from its cached hours on").isEqualTo("2026-11-20T12");
        assertThat(json(sums.get(1).body()).at("/ExpressionAttributeValues/:from").isMissingNode())
                .as("exp_a read whole again").isTrue();

        // Another instance (another function container) holds nothing of this one's: it reads everything.
        ExperimentObservations other = new ExperimentObservations(platform.experimentSums, platform.extractions,
                platform.clock);
        assertThat(other.cachedSums()).isZero();
        calls.clear();
        assertThat(n(other.forExperiment("exp_b"))).isEqualTo(22);
        assertThat(json(sumsQuery(calls.requests()).body()).at("/ExpressionAttributeValues/:from").isMissingNode())
                .isTrue();
        assertThat(count(sumsQuery(calls.requests()))).isEqualTo(11 * 2 + 1);
    }

    private ApiResult results(String id) {
        return platform.get(platform.experiments, "/api/experiments/{id}/results", Map.of("id", id));
    }

    /** Observations of the success rate over all variants, as the results page shows them. */
    private static long observed(JsonNode results) {
        long n = 0;
        for (JsonNode v : results.get("variants")) {
            n += v.get("n").asLong();
        }
        return n;
    }

    private static long n(List<VariantHourSums> sums) {
        return sums.stream().mapToLong(s -> s.of(PrimaryMetric.SUCCESS_RATE).n()).sum();
    }

    private static DynamoDbRequestLog.Request sumsQuery(List<DynamoDbRequestLog.Request> calls) {
        return calls.stream().filter(c -> c.operation().equals("Query") && c.body().contains("EXPSUMS#"))
                .reduce((x, y) -> {
                    throw new AssertionError("more than one query of the sums");
                }).orElseThrow();
    }

    private static DynamoDbRequestLog.Request tailQuery(List<DynamoDbRequestLog.Request> calls) {
        return calls.stream().filter(c -> json(c.body()).path("IndexName").asText().equals("byExperiment"))
                .findFirst().orElseThrow();
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

    private static ExtractionRecord record(String experimentId, String variant, int n, Instant completedAt) {
        String id = "ext_" + experimentId + "_" + n;
        return ExtractionRecord.queued(id, "doc_" + id, variant.equals("control") ? "clinical-summary@1"
                        : "clinical-summary@2", "model-a", ExtractionRecord.Trigger.API, completedAt.minusSeconds(4))
                .inExperiment(experimentId, variant)
                .succeeded(completedAt, new ExtractionRecord.ModelOutcome(1200, 1000, 300, 0.004, true, (n % 4) / 4.0,
                        List.of("diagnoses"), List.of("diagnoses"), Map.of(), "end_turn", "{}"));
    }
}
