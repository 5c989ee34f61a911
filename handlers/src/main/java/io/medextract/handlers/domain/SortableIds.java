package io.medextract.handlers.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Time-ordered ids in the ULID layout (48-bit millisecond time + 80 bits, Crockford base32, 26 characters)
 * behind a type prefix: {@code doc_01J...}, {@code ext_01J...}. Sorting ids sorts by creation time, which
 * the "newest extraction of a document" query relies on.
 */
public final class SortableIds {

    public static final String DOCUMENT = "doc_";
    public static final String EXTRACTION = "ext_";
    public static final String EXPERIMENT = "exp_";
    public static final String EVALUATION_RUN = "evr_";

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern BODY = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SortableIds() {}

    public static String next(String prefix, Instant now) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return prefix + encode(now.toEpochMilli(), random);
    }

    /** The same inputs always give the same id: used to make redelivered events idempotent. */
    public static String deterministic(String prefix, Instant time, String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return prefix + encode(time.toEpochMilli(), java.util.Arrays.copyOf(digest, 10));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isValid(String prefix, String id) {
        return id != null && id.length() == prefix.length() + 26 && id.startsWith(prefix)
                && BODY.matcher(id.substring(prefix.length())).matches();
    }

    private static String encode(long millis, byte[] random) {
        char[] out = new char[26];
        long time = millis & 0xFFFF_FFFF_FFFFL;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters of 5 bits each
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xFF);
        }
        for (int i = 7; i >= 0; i--) {
            out[10 + i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
            out[18 + i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
