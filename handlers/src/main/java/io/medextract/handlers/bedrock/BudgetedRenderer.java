package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.PreparationBudget;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDPattern;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.pattern.PDShadingPattern;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * Renders pages with every operator charged to the preparation budget, forms at most
 * {@link DocumentLimits#MAX_FORM_DEPTH} deep, and every image checked ({@link PdfImageCheck}) before PDFBox
 * decodes it. Shadings (gradients) are not drawn: a shading's function is evaluated for every pixel it covers,
 * inside one operator that no budget can interrupt, and a gradient carries nothing a clinical reader needs.
 */
final class BudgetedRenderer extends PDFRenderer {

    private final PreparationBudget budget;
    private int pageNumber;

    BudgetedRenderer(PDDocument document, PreparationBudget budget) {
        super(document);
        this.budget = budget;
        setSubsamplingAllowed(true); // images drawn at the output resolution, never decoded whole first
    }

    /** Renders page {@code pageIndex} (0-based) at {@code scale}, in gray. */
    java.awt.image.BufferedImage renderGray(int pageIndex, float scale) throws IOException {
        pageNumber = pageIndex + 1;
        return renderImage(pageIndex, scale, org.apache.pdfbox.rendering.ImageType.GRAY);
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
        return new Drawer(parameters, budget, pageNumber);
    }

    private static final class Drawer extends PageDrawer {
        private final PreparationBudget budget;
        private final int pageNumber;
        private int formDepth;
        private int images;

        Drawer(PageDrawerParameters parameters, PreparationBudget budget, int pageNumber) throws IOException {
            super(parameters);
            this.budget = budget;
            this.pageNumber = pageNumber;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            budget.operator();
            if (OperatorName.BEGIN_INLINE_IMAGE.equals(operator.getName()) && operator.getImageParameters() != null) {
                PdfImageCheck.checkInline(operator.getImageParameters(), operator.getImageData(),
                        "an inline image on page " + pageNumber, budget);
            }
            super.processOperator(operator, operands);
        }

        @Override
        public void showForm(PDFormXObject form) throws IOException {
            if (++formDepth > DocumentLimits.MAX_FORM_DEPTH) {
                throw PageTextCounter.tooDeep();
            }
            try {
                super.showForm(form);
            } finally {
                formDepth--;
            }
        }

        @Override
        public void drawImage(PDImage image) throws IOException {
            if (image instanceof PDImageXObject xObject) {
                PdfImageCheck.check(xObject.getCOSObject(), "image " + (++images) + " on page " + pageNumber, budget);
            }
            super.drawImage(image);
        }

        @Override
        public void shadingFill(COSName shadingName) {
            // not drawn (see the class comment)
        }

        @Override
        protected Paint getPaint(PDColor color) throws IOException {
            if (color.getColorSpace() instanceof PDPattern patterns
                    && patterns.getPattern(color) instanceof PDShadingPattern) {
                return Color.WHITE; // a shading used as a fill: not drawn either
            }
            return super.getPaint(color);
        }
    }
}
