package io.medextract.handlers.documents;

import io.medextract.handlers.http.ApiException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Checks a caller's file name, which is kept as document metadata and shown to people (never used in object keys or
 * paths, never logged: it may name the patient). Names with path parts, characters that change how the rest of the
 * name reads, or over 200 characters are refused rather than silently rewritten.
 *
 * <p>Refused: control characters (Unicode Cc), format characters (Cf: the bidirectional overrides and isolates that
 * can show "report", U+202E, "fdp.exe" as "reportexe.pdf", zero-width spaces and joiners, soft hyphens, the byte-order mark),
 * the line and paragraph separators U+2028/U+2029, unpaired surrogates, private-use characters and Unicode
 * noncharacters. The check runs before white space is trimmed, so a trailing U+2028 is refused, not dropped.
 *
 * <p>Normalised to NFC, not NFKC. NFC only joins canonically equivalent spellings (a precomposed "é" and "e" +
 * combining accent become one), so the stored name looks exactly as the caller wrote it and two spellings of the same
 * name compare equal. NFKC also folds compatibility characters (superscript "²" to "2", the ligature "ﬁ" to "fi",
 * full-width letters to ASCII), which changes what people see; since the name is never a key or a path, that folding
 * would buy no safety, and the characters that do mislead a reader are refused outright instead.
 */
public final class FileNames {

    static final int MAX_LENGTH = 200;

    private FileNames() {}

    public static String validated(String filename) {
        String normalised = Normalizer.normalize(filename, Normalizer.Form.NFC);
        refuseInvisibleCharacters(normalised);
        String name = normalised.strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("filename must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw ApiException.badRequest("filename must be at most " + MAX_LENGTH + " characters");
        }
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.startsWith("..") || name.contains(":")) {
            throw ApiException.badRequest("filename must be a plain file name without path parts");
        }
        return name;
    }

    /** The first refused character, named in the answer by code point and Unicode name (never the name around it). */
    private static void refuseInvisibleCharacters(String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (isRefused(c)) {
                String unicodeName = Character.getName(c);
                throw ApiException.badRequest(String.format(Locale.ROOT,
                        "filename must not contain control, format or invisible characters: U+%04X%s at index %d",
                        c, unicodeName == null ? "" : " " + unicodeName, i));
            }
            i += Character.charCount(c);
        }
    }

    static boolean isRefused(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE -> true;
            default -> isNoncharacter(codePoint);
        };
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...). */
    private static boolean isNoncharacter(int codePoint) {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }
}
