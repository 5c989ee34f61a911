package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PdfPageTree;
import io.medextract.handlers.documents.PreparationBudget;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Looks at a PDF's text layer and, when it has none worth the name (a scan), renders its pages to images.
 * The only class that touches PDFBox: the JVM loads PDFBox when the first PDF arrives, so functions and
 * containers that never see a PDF pay nothing for it at cold start.
 */
final class PdfPages {

    /**
     * A page "has text" with at least this many non-whitespace characters. A scanned page carries none, or a
     * stray page number or fax header; a typed page of a clinical letter carries well over a thousand.
     */
    static final int MIN_TEXT_CHARS_PER_PAGE = 50;
    /** Rendering resolution ceiling: small pages (labels, receipts) need no more to be legible. */
    static final float MAX_RENDER_DPI = 200f;
    /** PDFBox keeps up to this much of its scratch data in memory, then spills to /tmp (Lambda's is 512 MB+). */
    static final long SCRATCH_MEMORY_BYTES = 16L * 1024 * 1024;
    /** Ceiling for the scratch file: a PDF of at most 4.5 MB needs a small fraction of it. */
    static final long SCRATCH_STORAGE_BYTES = 256L * 1024 * 1024;
    private static final int FORM_DEPTH = 3;
    /** The largest page side the PDF specification allows, in default user space units (ISO 32000-1, C.2). */
    static final float MAX_PAGE_UNITS = 14_400f;

    /** What was found in a PDF and, for a scan, its rendered pages. */
    sealed interface Content {
        int pagesTotal();

        /** The text layer is usable: send the PDF itself as a document block. */
        record TextLayer(int pagesTotal) implements Content {}

        /** No usable text layer: these page images, the first {@code images.size()} of {@code pagesTotal}. */
        record PageImages(List<ModelImages.Encoded> images, int pagesTotal) implements Content {
            public PageImages {
                images = List.copyOf(images);
            }
        }
    }

    private PdfPages() {}

    /**
     * Reads the PDF within {@code budget}: its page tree first (page count and depth), then what its pages would
     * inflate, then the text layer of those pages in one pass, and only if the text layer is not usable renders
     * the first pages that will be sent.
     */
    static Content read(byte[] pdf, PreparationBudget budget) {
        try (PDDocument document = Loader.loadPDF(pdf, "", null, null,
                MemoryUsageSetting.setupMixed(SCRATCH_MEMORY_BYTES, SCRATCH_STORAGE_BYTES).streamCache)) {
            List<PDPage> pages = PdfPageTree.pages(document);
            PdfStreamCheck.check(pages, budget);
            if (!needsPageImages(PageTextCounter.count(document, pages, budget), imagePages(pages))) {
                return new Content.TextLayer(pages.size());
            }
            int sent = Math.min(pages.size(), ModelImages.MAX_IMAGES_PER_MESSAGE);
            return new Content.PageImages(render(document, pages, sent, budget), pages.size());
        } catch (InvalidPasswordException e) {
            throw DocumentRefusedException.unreadable("the PDF is password-protected");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRefusedException refused) {
                throw refused;
            }
            throw DocumentRefusedException.unreadable("the PDF cannot be read");
        }
    }

    /**
     * Page images are needed when a page shows an image but has (almost) no text, as a scanned page does,
     * even in a PDF whose other pages are typed (a letter with scanned lab results attached); or when the
     * whole PDF averages less text per page than the threshold (text drawn as outlines, no text layer).
     * Blank pages count for neither.
     */
    static boolean needsPageImages(int[] textChars, boolean[] hasImage) {
        long total = 0;
        for (int page = 0; page < textChars.length; page++) {
            if (hasImage[page] && textChars[page] < MIN_TEXT_CHARS_PER_PAGE) {
                return true;
            }
            total += textChars[page];
        }
        return total < (long) MIN_TEXT_CHARS_PER_PAGE * textChars.length;
    }

    private static boolean[] imagePages(List<PDPage> pages) throws IOException {
        boolean[] images = new boolean[pages.size()];
        for (int page = 0; page < images.length; page++) {
            images[page] = drawsImage(pages.get(page).getResources(), FORM_DEPTH);
        }
        return images;
    }

    /** True when the resources hold an image XObject, directly or inside a form (scanners wrap pages so). */
    private static boolean drawsImage(PDResources resources, int depth) throws IOException {
        if (resources == null || depth == 0) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (object instanceof PDImageXObject) {
                return true;
            }
            if (object instanceof PDFormXObject form && drawsImage(form.getResources(), depth - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renders the first {@code count} pages in 8-bit gray (scans carry their meaning in black and white, and
     * gray is a third of RGB's size) at the scale that fits Claude's vision target, capped at 200 dpi. PDFBox
     * finds a page by its index, walking the tree by its counts; a page it finds that is not the one the
     * checked walk found means the tree contradicts itself, and the file is refused rather than guessed at.
     */
    private static List<ModelImages.Encoded> render(PDDocument document, List<PDPage> pages, int count,
                                                    PreparationBudget budget) throws IOException {
        BudgetedRenderer renderer = new BudgetedRenderer(document, budget);
        List<ModelImages.Encoded> images = new ArrayList<>(count);
        for (int page = 0; page < count; page++) {
            if (document.getPage(page).getCOSObject() != pages.get(page).getCOSObject()) {
                throw DocumentRefusedException.unreadable("the PDF's page tree contradicts its own page counts");
            }
            PDRectangle box = pages.get(page).getCropBox();
            if (!isDrawable(box)) {
                throw DocumentRefusedException.unreadable("page " + (page + 1) + " of the PDF has no usable size");
            }
            float scale = (float) Math.min(MAX_RENDER_DPI / 72.0,
                    ModelImages.fitScaleUnbounded(box.getWidth(), box.getHeight()));
            BufferedImage image = renderer.renderGray(page, scale);
            budget.checkTime();
            images.add(ModelImages.encode(ModelImages.withinVisionTarget(image.getWidth(), image.getHeight())
                    ? image : ModelImages.fit(image, true)));
        }
        return images;
    }

    /**
     * A page box PDFBox can draw: positive and finite, and at most 14,400 units a side, the largest page the
     * PDF specification allows (ISO 32000-1, annex C.2).
     */
    private static boolean isDrawable(PDRectangle box) {
        float width = box.getWidth();
        float height = box.getHeight();
        return Float.isFinite(width) && Float.isFinite(height) && width >= 1 && height >= 1
                && width <= MAX_PAGE_UNITS && height <= MAX_PAGE_UNITS;
    }
}
