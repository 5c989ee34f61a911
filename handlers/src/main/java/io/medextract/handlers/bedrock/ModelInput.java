package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.SentAs;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;

/**
 * A document as Converse content blocks, and how it was sent. Converse gives the model only the text layer
 * of a PDF document block (citations would add the page images, but cannot be combined with structured
 * output), so a PDF without a text layer goes as rendered page images instead; a TIFF goes page by page.
 * Sources: https://platform.claude.com/docs/en/build-with-claude/pdf-support (Amazon Bedrock section) and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html
 */
public record ModelInput(List<ContentBlock> documentBlocks, SentAs sentAs) {

    /** Neutral: Bedrock warns that the document name is open to prompt injection, so no user file name. */
    static final String DOCUMENT_NAME = "clinical-document";

    public ModelInput {
        documentBlocks = List.copyOf(documentBlocks);
    }

    /** {@link #of(DocumentType, byte[], PreparationBudget)} with the whole preparation time allowed. */
    public static ModelInput of(DocumentType type, byte[] content) {
        return of(type, content, PreparationBudget.of(DocumentLimits.MAX_PREPARATION_TIME));
    }

    /**
     * Prepares {@code content} of {@code type} within {@code budget}. A document beyond the limits, or one that
     * cannot be read, fails with {@link DocumentRefusedException}.
     */
    public static ModelInput of(DocumentType type, byte[] content, PreparationBudget budget) {
        return switch (type) {
            case TEXT -> new ModelInput(List.of(document(DocumentFormat.TXT, content)),
                    new SentAs(SentAs.Form.TEXT, 1, 1, false));
            case PDF -> pdf(content, budget);
            case PNG -> raster(RasterPages.single(content, ImageFormat.PNG, budget), SentAs.Form.IMAGE);
            case JPEG -> raster(RasterPages.single(content, ImageFormat.JPEG, budget), SentAs.Form.IMAGE);
            case TIFF -> raster(RasterPages.tiff(content, budget), SentAs.Form.TIFF_PAGES);
        };
    }

    /**
     * The user message content: the document, a note when only its first pages are attached (so the model
     * does not take them for the whole document), then the template's instruction (Converse also requires a
     * text block beside a document block).
     */
    public List<ContentBlock> withInstruction(String instruction) {
        List<ContentBlock> content = new ArrayList<>(documentBlocks);
        if (sentAs.truncated()) {
            content.add(ContentBlock.fromText("Only the first " + sentAs.pagesSent() + " of the document's "
                    + sentAs.pagesTotal() + " pages are attached."));
        }
        content.add(ContentBlock.fromText(instruction));
        return List.copyOf(content);
    }

    private static ModelInput pdf(byte[] content, PreparationBudget budget) {
        // The PDF classes are the only ones that touch PDFBox: referenced here, they load with the first PDF.
        PdfPages.Content pdf = PdfPages.read(content, budget);
        if (pdf instanceof PdfPages.Content.PageImages pages) {
            return new ModelInput(images(pages.images()),
                    new SentAs(SentAs.Form.PDF_PAGE_IMAGES, pages.images().size(), pages.pagesTotal(), false));
        }
        return new ModelInput(List.of(document(DocumentFormat.PDF, content)),
                new SentAs(SentAs.Form.PDF_TEXT, pdf.pagesTotal(), pdf.pagesTotal(), false));
    }

    private static ModelInput raster(RasterPages.Pages pages, SentAs.Form form) {
        return new ModelInput(images(pages.images()),
                new SentAs(form, pages.images().size(), pages.pagesTotal(), pages.downscaled()));
    }

    private static ContentBlock document(DocumentFormat format, byte[] content) {
        return ContentBlock.fromDocument(DocumentBlock.builder().format(format).name(DOCUMENT_NAME)
                .source(s -> s.bytes(SdkBytes.fromByteArray(content))).build());
    }

    private static List<ContentBlock> images(List<ModelImages.Encoded> images) {
        return images.stream()
                .map(image -> ContentBlock.fromImage(ImageBlock.builder().format(image.format())
                        .source(s -> s.bytes(SdkBytes.fromByteArray(image.bytes()))).build()))
                .toList();
    }
}
