package io.medextract.handlers.domain;

/**
 * How a document reached the model, so a result can be read against what the model actually saw: a
 * scanned PDF goes as page images, and a long one may have been cut to the first pages Bedrock allows.
 */
public record SentAs(Form form, int pagesSent, int pagesTotal, boolean downscaled) {

    /** The shape of the content blocks sent to Converse. */
    public enum Form {
        /** UTF-8 text as a txt document block. */
        TEXT,
        /** A PDF with a text layer as a pdf document block (the model gets its text, not its images). */
        PDF_TEXT,
        /** A PDF without a usable text layer (a scan), rendered page by page to image blocks. */
        PDF_PAGE_IMAGES,
        /** A PNG or JPEG as one image block. */
        IMAGE,
        /** A TIFF (often a multi-page fax), each page as an image block. */
        TIFF_PAGES
    }

    public SentAs {
        if (form == null || pagesSent < 0 || pagesTotal < pagesSent) {
            throw new IllegalArgumentException("invalid SentAs " + form + " " + pagesSent + "/" + pagesTotal);
        }
    }

    /** True when only the first pages went to the model: the result may miss what the rest says. */
    public boolean truncated() {
        return pagesSent < pagesTotal;
    }
}
