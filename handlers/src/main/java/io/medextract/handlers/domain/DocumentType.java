package io.medextract.handlers.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The document formats the platform accepts, recognised by their leading bytes (never by the declared type
 * alone). Size limits follow Bedrock Converse: 4.5 MB per document block, 3.75 MB per image block.
 */
public enum DocumentType {
    PDF("application/pdf", 4_718_592),
    PNG("image/png", 3_932_160),
    JPEG("image/jpeg", 3_932_160),
    // Converse takes no TIFF: every page is re-encoded as an image block, so the raw file may be larger.
    TIFF("image/tiff", 4_718_592),
    TEXT("text/plain", 4_718_592);

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};

    private final String mediaType;
    private final long maxBytes;

    DocumentType(String mediaType, long maxBytes) {
        this.mediaType = mediaType;
        this.maxBytes = maxBytes;
    }

    public String mediaType() {
        return mediaType;
    }

    /** File extension used in object keys. */
    public String extension() {
        return switch (this) {
            case PDF -> "pdf";
            case PNG -> "png";
            case JPEG -> "jpg";
            case TIFF -> "tiff";
            case TEXT -> "txt";
        };
    }

    public long maxBytes() {
        return maxBytes;
    }

    public static Optional<DocumentType> fromMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String base = mediaType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (base.equals("image/jpg")) {
            base = "image/jpeg";
        }
        for (DocumentType t : values()) {
            if (t.mediaType.equals(base)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type the content really is, or empty when it is none of the accepted formats. */
    public static Optional<DocumentType> detect(byte[] content) {
        if (startsWith(content, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (startsWith(content, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(content, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(content, TIFF_LE) || startsWith(content, TIFF_BE)) {
            return Optional.of(TIFF);
        }
        if (isPlainText(content)) {
            return Optional.of(TEXT);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    /** Valid UTF-8 with no control characters other than tab, line feed, carriage return and form feed. */
    private static boolean isPlainText(byte[] content) {
        if (content.length == 0) {
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'
                    || c == 0x7F);
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
