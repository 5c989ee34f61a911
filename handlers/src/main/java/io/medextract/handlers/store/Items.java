package io.medextract.handlers.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small, null-safe conversions between DynamoDB attribute values and Java values. */
final class Items {

    private static final java.time.format.DateTimeFormatter TIMESTAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /**
     * The tables' TTL attribute (the construct's timeToLiveAttribute): epoch seconds, as DynamoDB TTL requires
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html).
     */
    static final String TTL = "expiresAt";

    private Items() {}

    static Instant epochSeconds(Map<String, AttributeValue> item, String name) {
        Long seconds = lng(item, name);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(Number value) {
        return AttributeValue.fromN(value.toString());
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String str) {
            item.put(name, s(str));
        } else if (value instanceof Number num) {
            item.put(name, n(num));
        } else if (value instanceof Boolean b) {
            item.put(name, AttributeValue.fromBool(b));
        } else if (value instanceof Instant i) {
            item.put(name, s(timestamp(i)));
        } else if (value instanceof Enum<?> e) {
            item.put(name, s(e.name()));
        } else {
            throw new IllegalArgumentException("unsupported attribute type for " + name);
        }
    }

    /** Fixed-width UTC timestamps (millisecond precision), so string order is time order in sort keys. */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Long lng(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.valueOf(v.n());
    }

    static Double dbl(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Double.valueOf(v.n());
    }

    static Boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.bool();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(str(item, name)).map(Instant::parse).orElse(null);
    }

    static <E extends Enum<E>> E enumValue(Map<String, AttributeValue> item, String name, Class<E> type) {
        String v = str(item, name);
        return v == null ? null : Enum.valueOf(type, v);
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }

    static AttributeValue stringList(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Items::s).toList());
    }

    static AttributeValue intMap(Map<String, Integer> values) {
        java.util.Map<String, AttributeValue> m = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, n(v)));
        return AttributeValue.fromM(m);
    }

    static Map<String, Integer> intMap(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasM()) {
            return Map.of();
        }
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        v.m().forEach((k, a) -> m.put(k, Integer.valueOf(a.n())));
        return m;
    }
}
