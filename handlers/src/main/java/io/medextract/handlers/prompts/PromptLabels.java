package io.medextract.handlers.prompts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Resolves a prompt label (e.g. {@code production}) to the version it points at. Labels live in the
 * experiments table ({@code LABEL#<name>} / {@code CURRENT}); moving one is how a version is promoted or
 * rolled back. A label nobody moved yet points at the shipped default. Lookups are cached for 30 s.
 */
public final class PromptLabels {

    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private record Cached(String version, Instant until) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final PromptRegistry registry;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PromptLabels(DynamoDbClient dynamo, String table, PromptRegistry registry, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.registry = registry;
        this.clock = clock;
    }

    public String resolve(String label) {
        Instant now = clock.instant();
        Cached cached = cache.get(label);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.version();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("LABEL#" + label), "sk", AttributeValue.fromS("CURRENT"))))
                .item();
        String version = item != null && item.containsKey("promptVersion")
                ? item.get("promptVersion").s()
                : registry.defaultVersionFor(label).orElseThrow(() ->
                        new IllegalStateException("prompt label '" + label + "' points at no version"));
        cache.put(label, new Cached(version, now.plus(CACHE_TTL)));
        return version;
    }
}
