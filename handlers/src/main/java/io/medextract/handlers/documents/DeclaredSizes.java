package io.medextract.handlers.documents;

import io.medextract.handlers.domain.DocumentType;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * The checks of {@link DocumentLimits} that need nothing decoded: image headers, TIFF page directories and the
 * PDF page tree. The upload function runs them on inline uploads, so most hostile files get a 400 before
 * anything is stored or queued; the extract function runs them again (and the costlier checks) on every
 * document, presigned uploads included.
 */
public final class DeclaredSizes {

    private DeclaredSizes() {}

    /**
     * Refuses content whose declared sizes exceed the limits.
     *
     * @throws DocumentRefusedException naming the limit
     */
    public static void check(DocumentType type, byte[] content) {
        switch (type) {
            case PNG -> ImageHeaders.png(content).requireWithinLimits("the image");
            case JPEG -> ImageHeaders.jpeg(content).requireWithinLimits("the image");
            case TIFF -> tiffPages(content, null);
            case PDF -> pdfPageCount(content);
            case TEXT -> { }
        }
    }

    /**
     * The TIFF's pages, each within the page limits, and the pages that would be sent charged to
     * {@code budget} (when given) or held to {@link DocumentLimits#MAX_DOCUMENT_PIXELS} together.
     */
    public static List<ImageHeader> tiffPages(byte[] content, PreparationBudget budget) {
        List<ImageHeader> pages = TiffDirectories.pages(content);
        long pixels = 0;
        for (int page = 0; page < Math.min(pages.size(), DocumentLimits.MAX_IMAGES_PER_MESSAGE); page++) {
            String what = "page " + (page + 1) + " of the TIFF image";
            long count = pages.get(page).requireWithinLimits(what).pixels();
            if (budget != null) {
                budget.pixels(count, what);
            } else if ((pixels += count) > DocumentLimits.MAX_DOCUMENT_PIXELS) {
                throw new DocumentRefusedException("MAX_DOCUMENT_PIXELS", "the TIFF image's first pages declare "
                        + ImageHeader.megapixels(pixels) + " megapixels together; at most "
                        + ImageHeader.megapixels(DocumentLimits.MAX_DOCUMENT_PIXELS) + " per document are accepted");
            }
        }
        return pages;
    }

    private static int pdfPageCount(byte[] content) {
        // PDFBox reads the cross-reference table and only the objects asked for: the catalog and the page tree.
        try (PDDocument document = Loader.loadPDF(content)) {
            return PdfPageTree.pages(document).size();
        } catch (InvalidPasswordException e) {
            throw DocumentRefusedException.unreadable("the PDF is password-protected");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRefusedException refused) {
                throw refused;
            }
            throw DocumentRefusedException.unreadable("the PDF cannot be read");
        } catch (StackOverflowError e) {
            throw new DocumentRefusedException("STACK", "the PDF's structure is nested too deeply to read");
        }
    }
}
