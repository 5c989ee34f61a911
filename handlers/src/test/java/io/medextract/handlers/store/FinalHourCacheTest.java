package io.medextract.handlers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalHourCacheTest {

    private static final Instant H0 = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void holdsAtMostItsBoundOfRollupsAndDropsTheLeastRecentlyReadHoursFirst() {
        FinalHourCache<Instant, List<String>> cache = cache(10);
        for (int h = 0; h < 4; h++) {
            cache.put(hour(h), rollups(hour(h), 3));
        }
        // 12 rollups would pass the bound of 10: hour 0, the least recently used, went.
        assertThat(cache.size()).isEqualTo(9);
        assertThat(cache.get(hour(0))).isEmpty();
        assertThat(cache.get(hour(1))).isPresent(); // read: now the most recently used
        cache.put(hour(4), rollups(hour(4), 3));
        assertThat(cache.get(hour(2))).isEmpty();
        assertThat(cache.get(hour(1))).isPresent();
        assertThat(cache.get(hour(3))).isPresent();
        assertThat(cache.get(hour(4))).isPresent();
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void anEmptyHourCountsAsOneAndAHourLargerThanTheBoundIsNotKept() {
        FinalHourCache<Instant, List<String>> cache = cache(5);
        for (int h = 0; h < 5; h++) {
            cache.put(hour(h), List.of());
        }
        assertThat(cache.entries()).isEqualTo(5);
        assertThat(cache.size()).isEqualTo(5);
        cache.put(hour(5), List.of());
        assertThat(cache.entries()).isEqualTo(5);
        assertThat(cache.get(hour(0))).isEmpty();
        cache.put(hour(6), rollups(hour(6), 6));
        assertThat(cache.size()).isLessThanOrEqualTo(5);
        assertThat(cache.get(hour(6))).isEmpty();
    }

    @Test
    void rewritingAnHourReplacesItsCount() {
        FinalHourCache<Instant, List<String>> cache = cache(10);
        cache.put(hour(0), rollups(hour(0), 4));
        cache.put(hour(0), rollups(hour(0), 2));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(hour(0)).orElseThrow()).hasSize(2);
        assertThatThrownBy(() -> cache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Instant hour(int h) {
        return H0.plus(h, ChronoUnit.HOURS);
    }

    /** As the metrics queries build it: one entry per hour, weighed by its rollups. */
    private static FinalHourCache<Instant, List<String>> cache(int maxItems) {
        return new FinalHourCache<>(maxItems, List::size);
    }

    private static List<String> rollups(Instant hour, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(hour + "#clinical-summary@" + (i + 1) + "#model");
        }
        return out;
    }
}
