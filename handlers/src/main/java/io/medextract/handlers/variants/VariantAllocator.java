package io.medextract.handlers.variants;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic traffic split: SHA-256 of (experiment id, document id) mapped to [0, 100) and looked up
 * on the variants' cumulative weights. The same document always gets the same variant of an experiment,
 * and across many documents the shares follow the weights.
 */
public final class VariantAllocator {

    private VariantAllocator() {}

    public static Experiment.Variant allocate(Experiment experiment, String documentId) {
        double point = unitInterval(experiment.id() + ":" + documentId) * 100.0;
        double cumulative = 0;
        for (Experiment.Variant v : experiment.variants()) {
            cumulative += v.weight();
            if (point < cumulative) {
                return v;
            }
        }
        return experiment.variants().get(experiment.variants().size() - 1);
    }

    /** Uniform in [0, 1) from the top 53 bits of the hash. */
    static double unitInterval(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
