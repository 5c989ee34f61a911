package io.medextract.handlers.variants;

import io.medextract.handlers.stats.Moments;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The hourly sufficient statistics of experiments in the results table: {@code EXPSUMS#<experimentId>} /
 * {@code <yyyy-MM-ddTHH>#<variant>}, one map attribute per metric with {@code n}, {@code sum} and
 * {@code sumOfSquares}, and the {@code watermark} it was rolled up to; plus one mark, {@code ~mark} (sorts after
 * every hour), with the watermark below which every extraction of the experiment is in the sums. Written by the
 * rollup (a re-run overwrites), read by the results and promote requests with one query per experiment:
 * O(hours x variants) items, whatever the number of extractions.
 */
public final class ExperimentSumsRepository {

    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public ExperimentSumsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Sums as stored, with the watermark they cover up to (exclusive); null for sums of a complete hour. */
    public record StoredSums(VariantHourSums sums, Instant watermark) {}

    /** Everything stored for one experiment: its mark's watermark (if rolled with one) and its sums. */
    public record Stored(Optional<Instant> watermark, List<StoredSums> sums) {}

    private static final String MARK = "~mark";

    /** Writes one (hour, variant) of sums as complete (no watermark). */
    public void put(String experimentId, VariantHourSums sums) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(experimentId, sums)));
    }

    /** Writes one (hour, variant) of sums of the extractions completed before {@code watermark}. */
    public void put(String experimentId, VariantHourSums sums, Instant watermark) {
        Map<String, AttributeValue> item = toItem(experimentId, sums);
        item.put("watermark", n(watermark.toEpochMilli()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** The experiment's mark, if it was ever rolled with one. */
    public Optional<Instant> watermark(String experimentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("EXPSUMS#" + experimentId), "sk", s(MARK)))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(item.get("watermark").n())));
    }

    /** Moves the experiment's mark to {@code watermark} unless it is already later; true when written. */
    public boolean putWatermark(String experimentId, Instant watermark) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s("EXPSUMS#" + experimentId), "sk", s(MARK),
                            "entity", s("experiment-sums-mark"), "watermark", n(watermark.toEpochMilli())))
                    .conditionExpression("attribute_not_exists(pk) OR watermark <= :w")
                    .expressionAttributeValues(Map.of(":w", n(watermark.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The mark and every stored hour of the experiment: one query, all pages. */
    public Stored stored(String experimentId) {
        return stored("pk = :pk", Map.of(":pk", s("EXPSUMS#" + experimentId)));
    }

    /**
     * The mark and the stored hours from {@code fromHour} on (the mark sorts after every hour): one query, all
     * pages; what a reader that holds the earlier hours asks for.
     */
    public Stored storedFrom(String experimentId, Instant fromHour) {
        return stored("pk = :pk AND sk >= :from",
                Map.of(":pk", s("EXPSUMS#" + experimentId), ":from", s(HOUR.format(fromHour))));
    }

    private Stored stored(String keyCondition, Map<String, AttributeValue> values) {
        List<StoredSums> out = new ArrayList<>();
        Optional<Instant> watermark = Optional.empty();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression(keyCondition).expressionAttributeValues(values))
                .items()) {
            Instant itemWatermark = item.containsKey("watermark")
                    ? Instant.ofEpochMilli(Long.parseLong(item.get("watermark").n())) : null;
            if (MARK.equals(item.get("sk").s())) {
                watermark = Optional.ofNullable(itemWatermark);
            } else {
                out.add(new StoredSums(fromItem(item), itemWatermark));
            }
        }
        return new Stored(watermark, out);
    }

    private static Map<String, AttributeValue> toItem(String experimentId, VariantHourSums sums) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("EXPSUMS#" + experimentId));
        item.put("sk", s(HOUR.format(sums.hour()) + "#" + sums.variant()));
        item.put("entity", s("experiment-sums"));
        item.put("experimentId", s(experimentId));
        item.put("hour", s(HOUR.format(sums.hour())));
        item.put("variant", s(sums.variant()));
        sums.metrics().forEach((metric, m) -> item.put(metric.name(), AttributeValue.fromM(Map.of(
                "n", n(m.n()), "sum", n(m.sum()), "sumOfSquares", n(m.sumOfSquares())))));
        return item;
    }

    /** Every stored hour of the experiment before {@code endHour} (exclusive), all pages. */
    public List<VariantHourSums> before(String experimentId, Instant endHour) {
        List<VariantHourSums> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk < :end")
                        .expressionAttributeValues(Map.of(":pk", s("EXPSUMS#" + experimentId),
                                ":end", s(HOUR.format(endHour)))))
                .items().forEach(item -> out.add(fromItem(item)));
        return out;
    }

    private static VariantHourSums fromItem(Map<String, AttributeValue> item) {
        EnumMap<PrimaryMetric, Moments> metrics = new EnumMap<>(PrimaryMetric.class);
        for (PrimaryMetric metric : PrimaryMetric.values()) {
            AttributeValue v = item.get(metric.name());
            if (v != null && v.hasM()) {
                Map<String, AttributeValue> m = v.m();
                metrics.put(metric, new Moments(Long.parseLong(m.get("n").n()), Double.parseDouble(m.get("sum").n()),
                        Double.parseDouble(m.get("sumOfSquares").n())));
            }
        }
        Instant hour = LocalDateTime.parse(item.get("hour").s() + ":00").toInstant(ZoneOffset.UTC);
        return new VariantHourSums(hour, item.get("variant").s(), metrics);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(Number v) {
        return AttributeValue.fromN(v.toString());
    }
}
