package io.medextract.handlers.metrics;

import io.medextract.handlers.stats.LatencySketch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Hourly rollup items in the results table: {@code ROLLUP#<yyyy-MM>} / {@code <yyyy-MM-ddTHH>#<version>#<model>},
 * each with the {@code watermark} it was rolled up to (it holds the hour's extractions completed before it), and
 * one mark per rolled hour, {@code <yyyy-MM-ddTHH>#~mark}, saying up to which watermark the hour was rolled and
 * whether it is final. The mark sorts after its hour's rollups, so the range query that reads them returns it.
 * A month partition holds at most 744 hours × (versions × models + 1), so a window is one query per month.
 */
public final class RollupRepository {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** One stored rollup: its key parts and the aggregate. */
    public record Rollup(Instant hour, String promptVersion, String modelId, MetricsAggregate aggregate) {}

    /**
     * A rollup as stored, with the watermark it covers up to (exclusive); null for items written before
     * watermarks existed, which the hourly job wrote only for complete hours.
     */
    public record StoredRollup(Rollup rollup, Instant watermark) {}

    /** An hour's mark: rolled up to {@code watermark} (exclusive); final hours are never rolled again. */
    public record HourMark(Instant hour, Instant watermark, boolean finalHour) {}

    /** What is stored for one hour: its mark (if it was ever rolled with one) and its rollups. */
    public record StoredHour(Instant hour, Optional<HourMark> mark, List<StoredRollup> rollups) {
        public static StoredHour nothing(Instant hour) {
            return new StoredHour(hour, Optional.empty(), List.of());
        }
    }

    private static final String MARK = "~mark";
    private static final String MARK_ENTITY = "rollup-mark";

    private final DynamoDbClient dynamo;
    private final String table;

    public RollupRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Writes (or rewrites: re-running an hour replaces its items) one hour's rollup, as complete. */
    public void put(Rollup rollup) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(rollup)));
    }

    /** As {@link #put(Rollup)}, for a rollup of the hour's extractions completed before {@code watermark}. */
    public void put(Rollup rollup, Instant watermark) {
        Map<String, AttributeValue> item = toItem(rollup);
        item.put("watermark", n(watermark.toEpochMilli()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /**
     * Writes an hour's mark unless a mark with a later watermark is there (a retried or late scheduled run
     * must not move the hour back); true when written.
     */
    public boolean putMark(HourMark mark) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("ROLLUP#" + MONTH.format(mark.hour())));
        item.put("sk", s(HOUR.format(mark.hour()) + "#" + MARK));
        item.put("entity", s(MARK_ENTITY));
        item.put("hour", s(HOUR.format(mark.hour())));
        item.put("watermark", n(mark.watermark().toEpochMilli()));
        item.put("final", AttributeValue.fromBool(mark.finalHour()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR watermark <= :w")
                    .expressionAttributeValues(Map.of(":w", n(mark.watermark().toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> toItem(Rollup rollup) {
        MetricsAggregate a = rollup.aggregate();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("ROLLUP#" + MONTH.format(rollup.hour())));
        item.put("sk", s(HOUR.format(rollup.hour()) + "#" + rollup.promptVersion() + "#" + rollup.modelId()));
        item.put("entity", s("rollup"));
        item.put("hour", s(HOUR.format(rollup.hour())));
        item.put("promptVersion", s(rollup.promptVersion()));
        item.put("modelId", s(rollup.modelId()));
        item.put("count", n(a.count()));
        item.put("successes", n(a.successes()));
        item.put("failures", counts(a.failuresByCategory()));
        item.put("latencySketch", AttributeValue.fromB(SdkBytes.fromByteArray(a.latency().toBytes())));
        item.put("inputTokens", n(a.inputTokens()));
        item.put("outputTokens", n(a.outputTokens()));
        item.put("costUsd", n(a.costUsd()));
        item.put("completenessSum", n(a.completenessSum()));
        item.put("completenessCount", n(a.completenessCount()));
        item.put("filledByField", counts(a.filledByField()));
        item.put("withSchemaFields", n(a.withSchemaFields()));
        return item;
    }

    /** Removes rollups of an hour that no longer has results for them (a re-run writes the full set). */
    public void deleteHour(Instant hour, List<Rollup> keep) {
        for (Rollup existing : hour(hour)) {
            boolean kept = keep.stream().anyMatch(k -> k.promptVersion().equals(existing.promptVersion())
                    && k.modelId().equals(existing.modelId()));
            if (!kept) {
                dynamo.deleteItem(b -> b.tableName(table).key(Map.of(
                        "pk", s("ROLLUP#" + MONTH.format(hour)),
                        "sk", s(HOUR.format(hour) + "#" + existing.promptVersion() + "#" + existing.modelId()))));
            }
        }
    }

    public List<Rollup> hour(Instant hour) {
        return between(hour, hour.plus(1, ChronoUnit.HOURS));
    }

    /** Rollups of the hours in [from, to), both truncated to hours. */
    public List<Rollup> between(Instant from, Instant to) {
        List<Rollup> rollups = new ArrayList<>();
        for (Map<String, AttributeValue> item : items(from, to)) {
            if (!MARK_ENTITY.equals(item.get("entity").s())) {
                rollups.add(fromItem(item));
            }
        }
        return rollups;
    }

    /** Marks and rollups of the hours in [from, to), by hour; hours with neither are absent. */
    public Map<Instant, StoredHour> hours(Instant from, Instant to) {
        Map<Instant, Optional<HourMark>> marks = new TreeMap<>();
        Map<Instant, List<StoredRollup>> rollups = new TreeMap<>();
        for (Map<String, AttributeValue> item : items(from, to)) {
            Instant hour = hourOf(item);
            marks.putIfAbsent(hour, Optional.empty());
            List<StoredRollup> ofHour = rollups.computeIfAbsent(hour, h -> new ArrayList<>());
            if (MARK_ENTITY.equals(item.get("entity").s())) {
                marks.put(hour, Optional.of(new HourMark(hour, watermark(item),
                        Boolean.TRUE.equals(item.get("final").bool()))));
            } else {
                ofHour.add(new StoredRollup(fromItem(item), item.containsKey("watermark") ? watermark(item) : null));
            }
        }
        Map<Instant, StoredHour> out = new TreeMap<>();
        marks.forEach((hour, mark) -> out.put(hour, new StoredHour(hour, mark, List.copyOf(rollups.get(hour)))));
        return out;
    }

    /** The month partitions, one query each, that hold the hours in [from, to). */
    static int monthPartitions(Instant from, Instant to) {
        int months = 0;
        for (Instant month = firstMonth(from); month.isBefore(to); month = nextMonth(month)) {
            months++;
        }
        return months;
    }

    private static Instant firstMonth(Instant from) {
        return from.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    private static Instant nextMonth(Instant month) {
        return month.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    private List<Map<String, AttributeValue>> items(Instant from, Instant to) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Instant month = firstMonth(from); month.isBefore(to); month = nextMonth(month)) {
            String pk = "ROLLUP#" + MONTH.format(month);
            dynamo.queryPaginator(b -> b.tableName(table)
                            .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                            .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(HOUR.format(from)),
                                    ":to", s(HOUR.format(to.minus(1, ChronoUnit.HOURS)) + "#\uffff"))))
                    .items().forEach(items::add);
        }
        return items;
    }

    private static Instant watermark(Map<String, AttributeValue> item) {
        return Instant.ofEpochMilli(lng(item, "watermark"));
    }

    private static Instant hourOf(Map<String, AttributeValue> item) {
        return java.time.LocalDateTime.parse(item.get("hour").s() + ":00").toInstant(ZoneOffset.UTC);
    }

    private static Rollup fromItem(Map<String, AttributeValue> item) {
        MetricsAggregate aggregate = MetricsAggregate.restore(
                lng(item, "count"), lng(item, "successes"), counts(item.get("failures")),
                LatencySketch.fromBytes(item.get("latencySketch").b().asByteArray()),
                lng(item, "inputTokens"), lng(item, "outputTokens"), dbl(item, "costUsd"),
                dbl(item, "completenessSum"), lng(item, "completenessCount"), counts(item.get("filledByField")),
                lng(item, "withSchemaFields"));
        return new Rollup(hourOf(item), item.get("promptVersion").s(), item.get("modelId").s(), aggregate);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(Number v) {
        return AttributeValue.fromN(v.toString());
    }

    private static AttributeValue counts(Map<String, Long> counts) {
        Map<String, AttributeValue> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, n(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, Long> counts(AttributeValue v) {
        Map<String, Long> m = new java.util.TreeMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, a) -> m.put(k, Long.valueOf(a.n())));
        }
        return m;
    }

    private static long lng(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static double dbl(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(item.get(name).n());
    }
}
