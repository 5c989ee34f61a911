package io.medextract.handlers.documents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the declared size of PNG and JPEG images from their headers: a few dozen bytes, linear in the file at
 * worst (a JPEG's segments before its frame header are skipped by their lengths), and no decoder involved.
 */
public final class ImageHeaders {

    private static final int PNG_SIGNATURE_BYTES = 8;

    private ImageHeaders() {}

    /** The PNG's IHDR chunk, which the specification requires to come first (PNG, section 11.2.2). */
    public static ImageHeader png(byte[] content) {
        // signature (8), chunk length (4), "IHDR" (4), width (4), height (4)
        if (content.length < PNG_SIGNATURE_BYTES + 16 || content[12] != 'I' || content[13] != 'H'
                || content[14] != 'D' || content[15] != 'R') {
            throw DocumentRefusedException.unreadable("the PNG image has no header chunk");
        }
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.BIG_ENDIAN);
        return new ImageHeader(Integer.toUnsignedLong(b.getInt(16)), Integer.toUnsignedLong(b.getInt(20)), 0);
    }

    /**
     * The JPEG's frame header (SOF marker), found by walking the marker segments that precede it. A progressive
     * frame also reports the coefficient buffer its decoder needs: libjpeg keeps every 8 x 8 block of every
     * component (64 two-byte coefficients) until the last scan.
     */
    public static ImageHeader jpeg(byte[] content) {
        int at = 2; // after SOI
        while (at + 4 <= content.length) {
            if ((content[at] & 0xFF) != 0xFF) {
                throw DocumentRefusedException.unreadable("the JPEG image's markers are damaged");
            }
            int marker = content[at + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                at++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) { // end of image, or scan data before any frame header
                break;
            }
            int length = ((content[at + 2] & 0xFF) << 8) | (content[at + 3] & 0xFF);
            if (length < 2 || at + 2 + length > content.length) {
                throw DocumentRefusedException.unreadable("the JPEG image's segments are damaged");
            }
            if (isFrameHeader(marker)) {
                return frame(content, at + 4, length - 2, isProgressive(marker));
            }
            at += 2 + length;
        }
        throw DocumentRefusedException.unreadable("the JPEG image has no frame header");
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isProgressive(int marker) {
        return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
    }

    private static ImageHeader frame(byte[] content, int at, int length, boolean progressive) {
        if (length < 6) {
            throw DocumentRefusedException.unreadable("the JPEG image's frame header is damaged");
        }
        long height = ((content[at + 1] & 0xFF) << 8) | (content[at + 2] & 0xFF);
        long width = ((content[at + 3] & 0xFF) << 8) | (content[at + 4] & 0xFF);
        int components = content[at + 5] & 0xFF;
        if (height == 0) {
            throw DocumentRefusedException.unreadable("the JPEG image does not declare its height");
        }
        if (components < 1 || length < 6 + 3 * components) {
            throw DocumentRefusedException.unreadable("the JPEG image's frame header is damaged");
        }
        if (!progressive) {
            return new ImageHeader(width, height, 0);
        }
        int maxH = 1;
        int maxV = 1;
        for (int c = 0; c < components; c++) {
            int sampling = content[at + 6 + 3 * c + 1] & 0xFF;
            maxH = Math.max(maxH, sampling >> 4);
            maxV = Math.max(maxV, sampling & 0x0F);
        }
        long coefficientBytes = 0;
        for (int c = 0; c < components; c++) {
            int sampling = content[at + 6 + 3 * c + 1] & 0xFF;
            int h = Math.max(1, sampling >> 4);
            int v = Math.max(1, sampling & 0x0F);
            // Blocks per component, padded to whole MCUs as libjpeg allocates them.
            long mcusAcross = ceilDiv(width, 8L * maxH);
            long mcusDown = ceilDiv(height, 8L * maxV);
            coefficientBytes += mcusAcross * h * mcusDown * v * 64 * 2;
        }
        return new ImageHeader(width, height, coefficientBytes);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
