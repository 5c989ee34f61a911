package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.ImageHeader;
import io.medextract.handlers.documents.ImageHeaders;
import io.medextract.handlers.documents.PreparationBudget;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;

/**
 * Checks an image a page is about to draw against the document limits, before PDFBox decodes it: the size the
 * image dictionary declares, the size its codec will really allocate (a JPEG's frame header, a JBIG2 page's
 * information segment and a CCITT image's columns and rows may each say more than the dictionary), and for
 * images with general-purpose filters (Flate, LZW, run length) that the data inflates to no more than the
 * declared size needs.
 */
final class PdfImageCheck {

    /** Bytes of an image codec's input read to find its header (the raw stream is at most the file's size). */
    private static final long CODEC_INPUT_LIMIT = 8L * 1024 * 1024;
    /** Most components a PDF colour space gives one sample (CMYK), for the upper bound of the decoded size. */
    private static final int MAX_COMPONENTS = 4;
    private static final int JBIG2_PAGE_INFORMATION = 48;

    private PdfImageCheck() {}

    /** An image XObject (also a soft mask or stencil mask) about to be drawn. */
    static void check(COSStream image, String what, PreparationBudget budget) throws IOException {
        ImageHeader declared = declared(image, what);
        List<COSName> filters = PdfStreams.filters(image);
        int codec = PdfStreams.firstCodec(filters);
        if (codec < filters.size()) {
            checkCodec(image, filters.get(codec), what);
        } else if (!filters.isEmpty()) {
            long limit = decodedLimit(declared, image.getInt(COSName.BITS_PER_COMPONENT, 8));
            PdfStreams.decodedLength(image, limit, () -> inflatesBeyond(what, declared, limit));
        }
        budget.pixels(declared.pixels(), what);
        for (COSName maskKey : List.of(COSName.SMASK, COSName.MASK)) {
            if (image.getDictionaryObject(maskKey) instanceof COSStream mask && mask != image) {
                check(mask, "the mask of " + what, budget);
            }
        }
    }

    /**
     * An inline image (BI ... ID ... EI) about to be read: PDFBox decodes its data as soon as it builds it, so
     * it is checked from the operator's parameters and data.
     */
    static void checkInline(COSDictionary parameters, byte[] data, String what, PreparationBudget budget)
            throws IOException {
        long width = parameters.getLong(COSName.W, parameters.getLong(COSName.WIDTH, -1));
        long height = parameters.getLong(COSName.H, parameters.getLong(COSName.HEIGHT, -1));
        ImageHeader declared = new ImageHeader(width, height, 0).requireWithinLimits(what);
        List<COSName> filters = PdfStreams.inlineFilters(parameters);
        if (!filters.isEmpty()) {
            if (PdfStreams.firstCodec(filters) < filters.size()) {
                throw DocumentRefusedException.unreadable(what + " is an inline image in an image codec");
            }
            int bits = parameters.getInt(COSName.BPC, parameters.getInt(COSName.BITS_PER_COMPONENT, 8));
            long limit = decodedLimit(declared, bits);
            COSStream asStream = new COSStream();
            try {
                try (java.io.OutputStream out = asStream.createRawOutputStream()) {
                    out.write(data);
                }
                asStream.setItem(COSName.FILTER, filterValue(filters));
                if (parameters.getDictionaryObject(COSName.DP) != null) {
                    asStream.setItem(COSName.DECODE_PARMS, parameters.getDictionaryObject(COSName.DP));
                }
                PdfStreams.decodedLength(asStream, limit, () -> inflatesBeyond(what, declared, limit));
            } finally {
                asStream.close();
            }
        }
        budget.pixels(declared.pixels(), what);
    }

    private static org.apache.pdfbox.cos.COSBase filterValue(List<COSName> filters) {
        if (filters.size() == 1) {
            return filters.get(0);
        }
        org.apache.pdfbox.cos.COSArray array = new org.apache.pdfbox.cos.COSArray();
        filters.forEach(array::add);
        return array;
    }

    private static ImageHeader declared(COSDictionary image, String what) {
        long width = image.getLong(COSName.WIDTH, -1);
        long height = image.getLong(COSName.HEIGHT, -1);
        return new ImageHeader(width, height, 0).requireWithinLimits(what);
    }

    /** What the declared size can need at most: every row padded to whole bytes, plus a predictor byte. */
    private static long decodedLimit(ImageHeader declared, int bitsPerComponent) {
        long rowBytes = (declared.width() * Math.max(1, bitsPerComponent) * MAX_COMPONENTS + 7) / 8 + 1;
        return rowBytes * declared.height() * DocumentLimits.IMAGE_DATA_SLACK_FACTOR
                + DocumentLimits.IMAGE_DATA_SLACK_BYTES;
    }

    private static void checkCodec(COSStream image, COSName codec, String what) throws IOException {
        if (codec.equals(COSName.DCT_DECODE) || codec.equals(COSName.DCT_DECODE_ABBREVIATION)) {
            byte[] jpeg = PdfStreams.decodedBeforeCodec(image, CODEC_INPUT_LIMIT, () -> codecInputTooLarge(what));
            ImageHeaders.jpeg(jpeg).requireWithinLimits(what);
        } else if (codec.equals(COSName.CCITTFAX_DECODE) || codec.equals(COSName.CCITTFAX_DECODE_ABBREVIATION)) {
            COSDictionary parameters = decodeParameters(image);
            long columns = parameters == null ? 1728 : parameters.getLong(COSName.COLUMNS, 1728);
            long rows = parameters == null ? 0 : parameters.getLong(COSName.ROWS, 0);
            // PDFBox allocates columns x max(rows, height) bits for the decoded fax.
            new ImageHeader(columns, Math.max(rows, image.getLong(COSName.HEIGHT, 0)), 0).requireWithinLimits(what);
        } else if (codec.equals(COSName.JBIG2_DECODE)) {
            byte[] data = PdfStreams.decodedBeforeCodec(image, CODEC_INPUT_LIMIT, () -> codecInputTooLarge(what));
            ImageHeader page = jbig2Page(data);
            if (page != null) {
                long height = page.height() == 0xFFFFFFFFL ? image.getLong(COSName.HEIGHT, -1) : page.height();
                new ImageHeader(page.width(), height, 0).requireWithinLimits(what);
            }
        }
        // JPX: no JPEG 2000 decoder ships in the function package, so PDFBox skips such images.
    }

    private static COSDictionary decodeParameters(COSDictionary image) {
        Object value = image.getDictionaryObject(COSName.DECODE_PARMS);
        if (value instanceof org.apache.pdfbox.cos.COSArray array && array.size() > 0) {
            value = array.getObject(array.size() - 1);
        }
        return value instanceof COSDictionary dictionary ? dictionary : null;
    }

    /**
     * The page size from the first page-information segment of embedded JBIG2 data (ITU-T T.88, 7.2 segment
     * header and 7.4.8 page information): the decoder allocates a bitmap of that size whatever the image
     * dictionary says. Null when the data has no readable page information (the decoder then fails on it).
     */
    static ImageHeader jbig2Page(byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
        int at = 0;
        for (int segments = 0; segments < 1000 && at + 11 <= data.length; segments++) {
            long number = Integer.toUnsignedLong(b.getInt(at));
            int flags = data[at + 4] & 0xFF;
            int type = flags & 0x3F;
            int pageAssociationBytes = (flags & 0x40) != 0 ? 4 : 1;
            int at2 = at + 5;
            int referred = (data[at2] & 0xFF) >>> 5;
            int retentionBytes = 1;
            if (referred == 7) {
                if (at2 + 4 > data.length) {
                    return null;
                }
                referred = b.getInt(at2) & 0x1FFFFFFF;
                retentionBytes = 4 + (referred + 8) / 8;
            }
            int numberBytes = number <= 256 ? 1 : number <= 65536 ? 2 : 4;
            long header = 5L + retentionBytes + (long) referred * numberBytes + pageAssociationBytes + 4;
            if (at + header > data.length) {
                return null;
            }
            long length = Integer.toUnsignedLong(b.getInt((int) (at + header - 4)));
            int dataStart = (int) (at + header);
            if (type == JBIG2_PAGE_INFORMATION) {
                if (dataStart + 8 > data.length) {
                    return null;
                }
                return new ImageHeader(Integer.toUnsignedLong(b.getInt(dataStart)),
                        Integer.toUnsignedLong(b.getInt(dataStart + 4)), 0);
            }
            if (length == 0xFFFFFFFFL || dataStart + length > data.length) {
                return null;
            }
            at = (int) (dataStart + length);
        }
        return null;
    }

    private static DocumentRefusedException inflatesBeyond(String what, ImageHeader declared, long limit) {
        return new DocumentRefusedException("IMAGE_DATA_SLACK_FACTOR", what + " declares " + declared.width() + " x "
                + declared.height() + " pixels but its data inflates to more than " + limit + " bytes; at most "
                + limit + " bytes (what that size can need, with slack) are accepted");
    }

    private static DocumentRefusedException codecInputTooLarge(String what) {
        return DocumentRefusedException.unreadable(what + "'s encoded data inflates to more than "
                + (CODEC_INPUT_LIMIT >> 20) + " MiB before its image codec");
    }
}
