package io.medextract.handlers.bedrock;

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
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

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

    static Content read(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf, "", null, null,
                MemoryUsageSetting.setupMixed(SCRATCH_MEMORY_BYTES, SCRATCH_STORAGE_BYTES).streamCache)) {
            int pages = document.getNumberOfPages();
            if (pages < 1) {
                throw ModelImages.invalid("the PDF has no pages", null);
            }
            if (!needsPageImages(textCharsPerPage(document), imagePages(document))) {
                return new Content.TextLayer(pages);
            }
            return new Content.PageImages(render(document, Math.min(pages, ModelImages.MAX_IMAGES_PER_MESSAGE)), pages);
        } catch (InvalidPasswordException e) {
            throw ModelImages.invalid("the PDF is password-protected", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BedrockCallFailure failure) {
                throw failure;
            }
            throw ModelImages.invalid("the PDF cannot be read", e);
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

    private static int[] textCharsPerPage(PDDocument document) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        int[] chars = new int[document.getNumberOfPages()];
        for (int page = 0; page < chars.length; page++) {
            stripper.setStartPage(page + 1);
            stripper.setEndPage(page + 1);
            chars[page] = (int) stripper.getText(document).chars().filter(c -> !Character.isWhitespace(c)).count();
        }
        return chars;
    }

    private static boolean[] imagePages(PDDocument document) throws IOException {
        boolean[] images = new boolean[document.getNumberOfPages()];
        int index = 0;
        for (PDPage page : document.getPages()) {
            images[index++] = drawsImage(page.getResources(), FORM_DEPTH);
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
     * gray is a third of RGB's size) at the scale that fits Claude's vision target, capped at 200 dpi.
     */
    private static List<ModelImages.Encoded> render(PDDocument document, int count) throws IOException {
        PDFRenderer renderer = new PDFRenderer(document);
        // Draw embedded scans at the output resolution instead of decoding them whole first: bounded memory.
        renderer.setSubsamplingAllowed(true);
        List<ModelImages.Encoded> images = new ArrayList<>(count);
        for (int page = 0; page < count; page++) {
            PDPage pdPage = document.getPage(page);
            PDRectangle box = pdPage.getCropBox();
            float scale = (float) Math.min(MAX_RENDER_DPI / 72.0, ModelImages.fitScaleUnbounded(box.getWidth(), box.getHeight()));
            BufferedImage image = renderer.renderImage(page, scale, ImageType.GRAY);
            images.add(ModelImages.encode(ModelImages.withinVisionTarget(image.getWidth(), image.getHeight())
                    ? image : ModelImages.fit(image, true)));
        }
        return images;
    }
}
