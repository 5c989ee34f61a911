package io.medextract.handlers.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a document's bytes: stored with the document at upload, compared when the object arrives. */
public final class ContentDigest {

    private ContentDigest() {}

    /** Lower-case hex SHA-256 of {@code content}. */
    public static String sha256Of(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
