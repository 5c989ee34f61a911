package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageTree;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Counts the text-layer characters on each page in one pass over the given pages: PDFBox's own page range
 * walks every page of the document for every page asked for (quadratic in pages). Every operator is charged to
 * the preparation budget, and forms are drawn at most {@link DocumentLimits#MAX_FORM_DEPTH} deep.
 */
final class PageTextCounter extends PDFTextStripper {

    private final List<PDPage> pages;
    private final PreparationBudget budget;
    private final int[] nonWhitespace;
    private int page;
    private int formDepth;

    private PageTextCounter(List<PDPage> pages, PreparationBudget budget) {
        this.pages = pages;
        this.budget = budget;
        this.nonWhitespace = new int[pages.size()];
    }

    /** Non-whitespace characters of each of {@code pages}' text layer. */
    static int[] count(PDDocument document, List<PDPage> pages, PreparationBudget budget) throws IOException {
        PageTextCounter counter = new PageTextCounter(pages, budget);
        counter.writeText(document, Writer.nullWriter());
        return counter.nonWhitespace;
    }

    @Override
    protected void processPages(PDPageTree ignored) throws IOException {
        for (page = 0; page < pages.size(); page++) {
            PDPage current = pages.get(page);
            if (current.hasContents()) {
                processPage(current);
            }
        }
    }

    @Override
    protected void writeString(String text, List<TextPosition> textPositions) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                nonWhitespace[page]++;
            }
        }
    }

    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        budget.operator();
        super.processOperator(operator, operands);
    }

    @Override
    public void showForm(PDFormXObject form) throws IOException {
        if (++formDepth > DocumentLimits.MAX_FORM_DEPTH) {
            throw tooDeep();
        }
        try {
            super.showForm(form);
        } finally {
            formDepth--;
        }
    }

    static DocumentRefusedException tooDeep() {
        return new DocumentRefusedException("MAX_FORM_DEPTH", "the PDF draws forms inside forms more than "
                + DocumentLimits.MAX_FORM_DEPTH + " levels deep; at most " + DocumentLimits.MAX_FORM_DEPTH
                + " are accepted");
    }
}
