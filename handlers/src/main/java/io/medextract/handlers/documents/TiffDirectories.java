package io.medextract.handlers.documents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages of a classic TIFF as its image file directories declare them, read by walking the directory chain
 * (TIFF 6.0, section 2): every offset inside the file, no directory visited twice (a chain that loops back
 * would keep a reader paging forever), at most {@link DocumentLimits#MAX_TIFF_PAGES} pages.
 */
public final class TiffDirectories {

    private static final int TAG_IMAGE_WIDTH = 256;
    private static final int TAG_IMAGE_LENGTH = 257;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int HEADER_BYTES = 8;
    private static final int ENTRY_BYTES = 12;

    private TiffDirectories() {}

    /** One header per page, in file order. */
    public static List<ImageHeader> pages(byte[] content) {
        if (content.length < HEADER_BYTES) {
            throw DocumentRefusedException.unreadable("the TIFF image has no header");
        }
        ByteBuffer b = ByteBuffer.wrap(content)
                .order(content[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        List<ImageHeader> pages = new ArrayList<>();
        Map<Long, Integer> pageAtOffset = new HashMap<>();
        long offset = Integer.toUnsignedLong(b.getInt(4));
        while (offset != 0) {
            if (pages.size() == DocumentLimits.MAX_TIFF_PAGES) {
                throw new DocumentRefusedException("MAX_TIFF_PAGES", "the TIFF image has more than "
                        + DocumentLimits.MAX_TIFF_PAGES + " pages; at most " + DocumentLimits.MAX_TIFF_PAGES
                        + " are accepted");
            }
            Integer earlier = pageAtOffset.putIfAbsent(offset, pages.size() + 1);
            if (earlier != null) {
                throw DocumentRefusedException.unreadable("the TIFF image's page chain loops back to page " + earlier);
            }
            if (offset < HEADER_BYTES || offset + 2 > content.length) {
                throw DocumentRefusedException.unreadable("the TIFF image's page " + (pages.size() + 1)
                        + " lies outside the file");
            }
            int at = (int) offset;
            int entries = Short.toUnsignedInt(b.getShort(at));
            long end = offset + 2 + (long) entries * ENTRY_BYTES;
            if (end + 4 > content.length) {
                throw DocumentRefusedException.unreadable("the TIFF image's page " + (pages.size() + 1)
                        + " is cut short");
            }
            long width = 0;
            long height = 0;
            for (int e = 0; e < entries; e++) {
                int entry = at + 2 + e * ENTRY_BYTES;
                int tag = Short.toUnsignedInt(b.getShort(entry));
                if (tag == TAG_IMAGE_WIDTH) {
                    width = value(b, entry);
                } else if (tag == TAG_IMAGE_LENGTH) {
                    height = value(b, entry);
                }
            }
            pages.add(new ImageHeader(width, height, 0));
            offset = Integer.toUnsignedLong(b.getInt((int) end));
        }
        if (pages.isEmpty()) {
            throw DocumentRefusedException.unreadable("the TIFF image has no pages");
        }
        return List.copyOf(pages);
    }

    /** A SHORT or LONG value stored in the entry itself (count 1). */
    private static long value(ByteBuffer b, int entry) {
        int type = Short.toUnsignedInt(b.getShort(entry + 2));
        if (type == TYPE_SHORT) {
            return Short.toUnsignedInt(b.getShort(entry + 8));
        }
        if (type == TYPE_LONG) {
            return Integer.toUnsignedLong(b.getInt(entry + 8));
        }
        return 0;
    }
}
