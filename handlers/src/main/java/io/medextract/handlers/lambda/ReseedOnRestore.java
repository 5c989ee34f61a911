package io.medextract.handlers.lambda;

import java.security.SecureRandom;
import java.util.Random;
import org.crac.Context;
import org.crac.Resource;

/**
 * Gives a pseudo-random generator a fresh seed after every SnapStart restore. Every execution environment
 * restored from one snapshot starts with the generator state that was captured, so without this all of them
 * would draw the same "random" backoff jitter and retry in lockstep. AWS asks for exactly this: restore
 * uniqueness in an {@code afterRestore} hook (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html).
 * The new seed comes from {@link SecureRandom}, which AWS lists as safe across restores.
 */
public final class ReseedOnRestore implements Resource {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final Random random;

    ReseedOnRestore(Random random) {
        this.random = random;
    }

    /** A generator that is re-seeded after each restore; use it for jitter, never for secrets. */
    public static Random newRandom() {
        return reseededOnRestore(new Random(SEEDS.nextLong()));
    }

    /** Registers {@code random} to be re-seeded after each restore. */
    static Random reseededOnRestore(Random random) {
        SnapStartHooks.register(new ReseedOnRestore(random));
        return random;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // nothing to release
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        random.setSeed(SEEDS.nextLong());
    }
}
