package io.medextract.handlers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Two execution environments restored from one snapshot hold the same generator state. The CRaC
 * {@code afterRestore} hook must make their jitter differ.
 */
class ReseedOnRestoreTest {

    private static final long SNAPSHOT_SEED = 20261130L;

    @Test
    void withoutTheHookTwoRestoresDrawTheSameJitter() {
        assertThat(jitter(new Random(SNAPSHOT_SEED))).isEqualTo(jitter(new Random(SNAPSHOT_SEED)));
    }

    @Test
    void afterRestoreGivesEachRestoredEnvironmentItsOwnSequence() {
        Random first = new Random(SNAPSHOT_SEED);
        Random second = new Random(SNAPSHOT_SEED);

        new ReseedOnRestore(first).afterRestore(null);
        new ReseedOnRestore(second).afterRestore(null);

        assertThat(jitter(first)).isNotEqualTo(jitter(second));
    }

    private static List<Long> jitter(Random random) {
        return LongStream.range(0, 8).map(i -> random.nextLong(1_000)).boxed().toList();
    }
}
