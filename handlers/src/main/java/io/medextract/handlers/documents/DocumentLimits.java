package io.medextract.handlers.documents;

import java.time.Duration;

/**
 * What a document may declare and what preparing it for the model may cost. Every limit is checked on what
 * the file declares (page counts, pixel sizes, stream lengths) before anything is decoded, and the costs that
 * only show while decoding (operators run, bytes inflated, time) are counted as they are spent. Each value is
 * chosen from what the model can take (Bedrock and Claude limits) plus headroom for real clinical documents,
 * and each says why; README ("AWS limits we rely on", "Hostile documents") lists them.
 */
public final class DocumentLimits {

    /**
     * Pages of a PDF. "Claude requires PDF documents to be a maximum of 100 pages per request"
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-api-restrictions.html): a PDF with a text
     * layer is sent whole, so a longer one can never be read, and a scan sends at most 20 page images.
     */
    public static final int MAX_PDF_PAGES = 100;
    /**
     * Images in one model message: at most 20
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html). A scanned PDF or a TIFF
     * sends at most its first 20 pages, and says so to the model.
     */
    public static final int MAX_IMAGES_PER_MESSAGE = 20;
    /** Pages of a TIFF: the PDF limit, for the same reason (at most 20 page images are sent; faxes run to tens). */
    public static final int MAX_TIFF_PAGES = 100;
    /**
     * Nesting of a PDF page tree. Writers build shallow, balanced trees (100 pages need 2-4 levels); a deep one
     * only serves to exhaust the stack of a parser that walks it recursively.
     */
    public static final int MAX_PAGE_TREE_DEPTH = 32;
    /** Form XObjects drawn inside form XObjects. Writers nest two to four; PDFBox itself stops at 50. */
    public static final int MAX_FORM_DEPTH = 12;
    /**
     * Content-stream operators run in one pass over the pages (text layer or rendering), forms counted each
     * time they are drawn. A dense typed page runs a few thousand; 100 such pages stay far below this, while a
     * few kilobytes of nested forms would run billions.
     */
    public static final long MAX_OPERATORS = 1_000_000;
    /**
     * Bytes that the non-image streams the pages use (content, forms, fonts, colour profiles, functions) may
     * inflate to, together. A typed page's content is tens of kilobytes and a font a few hundred; a 2 MB file
     * can inflate to gigabytes, which PDFBox would hold in memory whole.
     */
    public static final long MAX_DECODED_STREAM_BYTES = 64L * 1024 * 1024;
    /** Objects the pages may reach (resources, fonts, forms, annotations): far beyond any real page set. */
    public static final int MAX_OBJECTS_REACHED = 200_000;
    /**
     * Longest side of an image or page in pixels. Bedrock refuses images above 8000 px a side
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html) and Claude reads at
     * most 1568 px; we downscale, so we accept more, but decoders buffer whole rows and an ECG strip or a
     * panorama at 600 dpi stays under this.
     */
    public static final int MAX_IMAGE_SIDE = 25_000;
    /**
     * Pixels of one image or page: an A4 or Letter page scanned at 600 dpi (34.8 and 33.7 megapixels) with
     * headroom. Claude resizes anything above about 1.15 megapixels
     * (https://platform.claude.com/docs/en/build-with-claude/vision), so more pixels carry nothing it reads.
     */
    public static final long MAX_IMAGE_PIXELS = 40_000_000;
    /**
     * Pixels decoded for one document, over all pages and images sent: 20 pages (the per-message image limit)
     * of 20 megapixels (A4 at about 450 dpi) each.
     */
    public static final long MAX_DOCUMENT_PIXELS = 400_000_000;
    /**
     * Memory a progressive JPEG's decoder buffers before it returns a row (every DCT coefficient, two bytes per
     * pixel and component, outside the Java heap). Covers a 40-megapixel gray or 4:2:0 colour scan; the
     * smallest extract function has 512 MB.
     */
    public static final long MAX_JPEG_BUFFER_BYTES = 128L * 1024 * 1024;
    /** Decoded image data may exceed what its declared size needs by this factor (rows padded, predictors). */
    public static final int IMAGE_DATA_SLACK_FACTOR = 2;
    /** ... plus this many bytes, for tiny images. */
    public static final long IMAGE_DATA_SLACK_BYTES = 64 * 1024;
    /**
     * Longest that preparing one document (reading it, rendering pages, encoding images) may take: rendering
     * 20 scanned pages takes a few seconds on one vCPU; the rest of the invocation belongs to the model call.
     */
    public static final Duration MAX_PREPARATION_TIME = Duration.ofSeconds(120);

    private DocumentLimits() {}
}
