package io.medextract.handlers.experiments;

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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The hourly sufficient statistics of experiments in the results table: {@code EXPSUMS#<experimentId>} /
 * {@code <yyyy-MM-ddTHH>#<variant>}, one map attribute per metric with {@code n}, {@code sum} and
 * {@code sumOfSquares}. Written by the hourly rollup (a re-run overwrites), read by the results and promote
 * requests with one query per experiment: O(hours x variants) items, whatever the number of extractions.
 */
public final class ExperimentSumsRepository {

    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public ExperimentSumsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void put(String experimentId, VariantHourSums sums) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("EXPSUMS#" + experimentId));
        item.put("sk", s(HOUR.format(sums.hour()) + "#" + sums.variant()));
        item.put("entity", s("experiment-sums"));
        item.put("experimentId", s(experimentId));
        item.put("hour", s(HOUR.format(sums.hour())));
        item.put("variant", s(sums.variant()));
        sums.metrics().forEach((metric, m) -> item.put(metric.name(), AttributeValue.fromM(Map.of(
                "n", n(m.n()), "sum", n(m.sum()), "sumOfSquares", n(m.sumOfSquares())))));
        dynamo.putItem(b -> b.tableName(table).item(item));
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
