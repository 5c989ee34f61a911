package io.medextract.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.metrics.MetricsHandler;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the metrics function's role allows (HandlerFunctions: GetItem, Query, PutItem and DeleteItem on the results
 * table's ROLLUP# and EXPSUMS# partitions, Query on byCompletedHour and byExperiment, Query on the experiments
 * table's EVALHISTORY partition) is what the function does: every DynamoDB request of a rollup run (experiment
 * sums included), a re-roll that removes a rollup, and each metrics route, seen on the wire against dynalite.
 */
class MetricsFunctionItemsTest {

    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final Set<String> OPERATIONS = Set.of("GetItem", "Query", "PutItem", "DeleteItem");

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
    void theRollupAndTheMetricsRoutesTouchOnlyTheItemsTheRoleAllows() {
        platform.extractions.createIfAbsent(record("ext_a", "clinical-summary@1", HOUR.plus(5, ChronoUnit.MINUTES))
                .inExperiment("exp_items", "control")
                .succeeded(HOUR.plus(5, ChronoUnit.MINUTES), outcome()));
        platform.extractions.createIfAbsent(record("ext_b", "clinical-summary@2", HOUR.plus(7, ChronoUnit.MINUTES))
                .succeeded(HOUR.plus(7, ChronoUnit.MINUTES), outcome()));
        Instant now = HOUR.plus(30, ChronoUnit.MINUTES);
        MetricsHandler metrics = platform.metricsAt(Clock.fixed(now, ZoneOffset.UTC));

        calls.clear();
        platform.hourlyRollup.runAt(now);
        // ext_b's item is gone (support tooling): the next run deletes its rollup
        platform.clients.dynamoDb().deleteItem(b -> b.tableName(platform.resultsTable).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("DOC#doc_ext_b"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EXT#ext_b"))));
        List<DynamoDbRequestLog.Request> setup = calls.requests();
        calls.clear();
        platform.hourlyRollup.runAt(now.plus(1, ChronoUnit.MINUTES));
        for (String route : List.of("summary", "versions", "timeseries", "cost", "evaluations")) {
            assertThat(platform.api(metrics, "GET", "/api/metrics/" + route, Map.of(), Map.of(), Map.of(), null)
                    .status()).as(route).isEqualTo(200);
        }
        List<DynamoDbRequestLog.Request> requests = new java.util.ArrayList<>(setup.subList(0, setup.size() - 1));
        requests.addAll(calls.requests());

        assertThat(requests).extracting(DynamoDbRequestLog.Request::operation).contains("DeleteItem", "PutItem",
                "GetItem", "Query");
        for (DynamoDbRequestLog.Request r : requests) {
            assertThat(OPERATIONS).as(r.body()).contains(r.operation());
            JsonNode body = json(r.body());
            String table = body.path("TableName").asText();
            String index = body.path("IndexName").asText();
            String partition = partition(r.operation(), body);
            if (table.equals(platform.experimentsTable)) {
                assertThat(r.operation()).isEqualTo("Query");
                assertThat(index).isEmpty();
                assertThat(partition).isEqualTo("EVALHISTORY");
            } else if (!index.isEmpty()) {
                assertThat(r.operation()).isEqualTo("Query");
                assertThat(index).isIn("byCompletedHour", "byExperiment");
            } else {
                assertThat(table).isEqualTo(platform.resultsTable);
                assertThat(partition).as(r.body()).matches("(ROLLUP|EXPSUMS)#.+");
            }
        }
    }

    private static String partition(String operation, JsonNode body) {
        return switch (operation) {
            case "PutItem" -> body.at("/Item/pk/S").asText();
            case "GetItem", "DeleteItem" -> body.at("/Key/pk/S").asText();
            default -> body.at("/ExpressionAttributeValues/:pk/S").asText();
        };
    }

    private static ExtractionRecord record(String id, String version, Instant completedAt) {
        return ExtractionRecord.queued(id, "doc_" + id, version, "model-a", ExtractionRecord.Trigger.API,
                completedAt.minusSeconds(4));
    }

    private static ExtractionRecord.ModelOutcome outcome() {
        return new ExtractionRecord.ModelOutcome(1200, 1000, 300, 0.004, true, 1.0, List.of("diagnoses"),
                List.of("diagnoses"), Map.of(), "end_turn", "{}");
    }

    private static JsonNode json(String text) {
        try {
            return LocalPlatform.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
