package io.medextract.handlers.upload;

import io.medextract.handlers.http.ApiException;
import java.text.Normalizer;

/**
 * Checks a caller's file name (kept as document metadata, never used in object keys). Names with path
 * parts, control characters, or over 200 characters are refused rather than silently rewritten.
 */
public final class FileNames {

    static final int MAX_LENGTH = 200;

    private FileNames() {}

    public static String validated(String filename) {
        String name = Normalizer.normalize(filename, Normalizer.Form.NFC).strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("filename must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw ApiException.badRequest("filename must be at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))) {
            throw ApiException.badRequest("filename must not contain control characters");
        }
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.startsWith("..") || name.contains(":")) {
            throw ApiException.badRequest("filename must be a plain file name without path parts");
        }
        return name;
    }
}
