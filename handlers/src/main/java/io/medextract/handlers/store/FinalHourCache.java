package io.medextract.handlers.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * What a warm container keeps of final hours (see {@link RollupFinality}): their stored items never change
 * again, so a request reads from DynamoDB only what is not held here. Bounded by the number of items held
 * (an entry with none counts as one): past the bound the least recently read entries go first. Values are
 * shared between requests, so they must be immutable and callers merge them into new objects.
 *
 * @param <K> what an entry is found by (an hour of rollups, an experiment)
 * @param <V> the final hours' items of one key
 */
public final class FinalHourCache<K, V> {

    private final int maxItems;
    private final ToIntFunction<V> itemsIn;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(64, 0.75f, true);
    private int held;

    public FinalHourCache(int maxItems, ToIntFunction<V> itemsIn) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1");
        }
        this.maxItems = maxItems;
        this.itemsIn = itemsIn;
    }

    public synchronized Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    public synchronized void put(K key, V value) {
        V previous = entries.put(key, value);
        if (previous != null) {
            held -= weight(previous);
        }
        held += weight(value);
        var eldest = entries.entrySet().iterator();
        while (held > maxItems && eldest.hasNext()) {
            Map.Entry<K, V> e = eldest.next();
            held -= weight(e.getValue());
            eldest.remove();
        }
    }

    /** Items held, an entry with none counting as one. */
    public synchronized int size() {
        return held;
    }

    /** Entries held. */
    public synchronized int entries() {
        return entries.size();
    }

    private int weight(V value) {
        return Math.max(1, itemsIn.applyAsInt(value));
    }
}
