package io.medextract.handlers.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The document formats the platform accepts, recognised by their leading bytes (never by the declared type
 * alone). PDFs and text go to Bedrock as document blocks, whose limit is "4.5 MB"
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html); the page does not say
 * whether that is 10^6 or 2^20 bytes, so the smaller reading is the upload limit: a document that passes here
 * is never rejected by Bedrock for its size. Images and TIFF pages are re-encoded within the image limits
 * (ModelImages) and share the same upload limit.
 */
public enum DocumentType {
    PDF("application/pdf", DocumentType.MAX_BYTES),
    PNG("image/png", DocumentType.MAX_BYTES),
    JPEG("image/jpeg", DocumentType.MAX_BYTES),
    TIFF("image/tiff", DocumentType.MAX_BYTES),
    TEXT("text/plain", DocumentType.MAX_BYTES);

    /** 4.5 MB read as 4,500,000 bytes (see above). */
    public static final long MAX_BYTES = 4_500_000;

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
