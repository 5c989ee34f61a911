package io.medextract.handlers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.SentAs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;

class ModelInputTest {

    @Test
    void scannedPdfIsSentAsGrayPageImagesWithinTheVisionTarget() throws IOException {
        ModelInput input = ModelInput.of(DocumentType.PDF, DocumentFixtures.scannedPdf(2));

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.PDF_PAGE_IMAGES, 2, 2, false));
        assertThat(input.documentBlocks()).hasSize(2).allSatisfy(block -> {
            assertThat(block.document()).isNull();
            assertThat(block.image()).isNotNull();
        });
        for (ContentBlock block : input.documentBlocks()) {
            BufferedImage page = decode(block);
            assertWithinLimits(block, page);
            // Letter at the 1.15 MP target is about 943 × 1220: close to it, not a thumbnail.
            assertThat((long) page.getWidth() * page.getHeight()).isBetween(1_000_000L, ModelImages.VISION_MAX_PIXELS);
            assertThat(page.getColorModel().getNumColorComponents()).isEqualTo(1);
            assertThat(darkPixels(page)).as("the rendered scan shows its text").isGreaterThan(500);
        }
    }

    @Test
    void typedPdfKeepsTheDocumentBlockAndItsBytes() {
        byte[] pdf = DocumentFixtures.textPdf();
        ModelInput input = ModelInput.of(DocumentType.PDF, pdf);

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.PDF_TEXT, 1, 1, false));
        assertThat(input.documentBlocks()).singleElement().satisfies(block -> {
            assertThat(block.document().format()).isEqualTo(DocumentFormat.PDF);
            assertThat(block.document().name()).isEqualTo("clinical-document");
            assertThat(block.document().source().bytes().asByteArray()).isEqualTo(pdf);
        });
        assertThat(input.withInstruction("Extract.")).hasSize(2).last()
                .satisfies(b -> assertThat(b.text()).isEqualTo("Extract."));
    }

    @Test
    void aScannedPageBehindTypedPagesStillSendsPageImages() {
        ModelInput input = ModelInput.of(DocumentType.PDF, DocumentFixtures.mixedPdf());

        assertThat(input.sentAs().form()).isEqualTo(SentAs.Form.PDF_PAGE_IMAGES);
        assertThat(input.documentBlocks()).hasSize(2);
    }

    @Test
    void longScanSendsTheFirstTwentyPagesAndSaysSo() {
        ModelInput input = ModelInput.of(DocumentType.PDF, DocumentFixtures.scannedPdf(23, true));

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.PDF_PAGE_IMAGES, 20, 23, false));
        assertThat(input.sentAs().truncated()).isTrue();
        assertThat(input.documentBlocks()).hasSize(ModelImages.MAX_IMAGES_PER_MESSAGE);
        List<ContentBlock> message = input.withInstruction("Extract.");
        assertThat(message).hasSize(22);
        assertThat(message.get(20).text()).contains("first 20").contains("23 pages");
        assertThat(message.get(21).text()).isEqualTo("Extract.");
    }

    @Test
    void everyPageOfAFaxTiffIsSent() throws IOException {
        ModelInput input = ModelInput.of(DocumentType.TIFF, DocumentFixtures.faxTiff(3));

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.TIFF_PAGES, 3, 3, true));
        assertThat(input.documentBlocks()).hasSize(3);
        List<byte[]> pages = input.documentBlocks().stream()
                .map(b -> b.image().source().bytes().asByteArray()).toList();
        for (ContentBlock block : input.documentBlocks()) {
            assertWithinLimits(block, decode(block));
        }
        // Each page carries its own content ("FAX page n of 3"), so the three images differ.
        assertThat(pages.get(0)).isNotEqualTo(pages.get(1));
        assertThat(pages.get(1)).isNotEqualTo(pages.get(2));
    }

    @Test
    void oversizedImageIsDownscaledWithinTheLimits() throws IOException {
        byte[] wide = DocumentFixtures.png(DocumentFixtures.rgb(9000, 300));
        ModelInput input = ModelInput.of(DocumentType.PNG, wide);

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.IMAGE, 1, 1, true));
        ContentBlock block = input.documentBlocks().get(0);
        BufferedImage image = decode(block);
        assertWithinLimits(block, image);
        assertThat(image.getWidth()).isEqualTo(ModelImages.VISION_LONG_EDGE);
        assertThat(image.getHeight()).isEqualTo(52); // 300 × 1568 / 9000, aspect kept
    }

    @Test
    void imageWithinTheTargetIsPassedThroughUntouched() {
        byte[] small = DocumentFixtures.png(DocumentFixtures.rgb(800, 600));
        ModelInput input = ModelInput.of(DocumentType.PNG, small);

        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.IMAGE, 1, 1, false));
        assertThat(input.documentBlocks().get(0).image().source().bytes().asByteArray()).isEqualTo(small);
    }

    @Test
    void textIsSentAsATextDocument() {
        ModelInput input = ModelInput.of(DocumentType.TEXT, "Patient: A".getBytes(StandardCharsets.UTF_8));
        assertThat(input.sentAs()).isEqualTo(new SentAs(SentAs.Form.TEXT, 1, 1, false));
        assertThat(input.documentBlocks().get(0).document().format()).isEqualTo(DocumentFormat.TXT);
    }

    @Test
    void malformedDocumentsFailAsInvalidDocument() {
        byte[] brokenPdf = "%PDF-1.7\nthis is not a PDF body".getBytes(StandardCharsets.US_ASCII);
        byte[] truncatedPdf = Arrays.copyOf(DocumentFixtures.scannedPdf(1), 400);
        byte[] brokenTiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3};
        byte[] brokenPng = Arrays.copyOf(DocumentFixtures.png(DocumentFixtures.rgb(10, 10)), 20);
        for (Object[] c : new Object[][] {{DocumentType.PDF, brokenPdf}, {DocumentType.PDF, truncatedPdf},
                {DocumentType.TIFF, brokenTiff}, {DocumentType.PNG, brokenPng}}) {
            assertThatThrownBy(() -> ModelInput.of((DocumentType) c[0], (byte[]) c[1]))
                    .as(c[0].toString())
                    .isInstanceOfSatisfying(DocumentRefusedException.class,
                            f -> assertThat(f.limit()).isEqualTo("UNREADABLE"));
        }
    }

    @Test
    void pageImagesAreNeededForImagePagesWithoutTextOrWhenThereIsHardlyAnyText() {
        int enough = PdfPages.MIN_TEXT_CHARS_PER_PAGE;
        // typed letter with a logo: text on the image page
        assertThat(PdfPages.needsPageImages(new int[] {1500, enough}, new boolean[] {true, true})).isFalse();
        // a typed page and a blank page: nothing hidden
        assertThat(PdfPages.needsPageImages(new int[] {1500, 0}, new boolean[] {false, false})).isFalse();
        // a scanned page with a stamped page number
        assertThat(PdfPages.needsPageImages(new int[] {1500, enough - 1}, new boolean[] {false, true})).isTrue();
        // text drawn as outlines: no images, no text layer
        assertThat(PdfPages.needsPageImages(new int[] {10, 20}, new boolean[] {false, false})).isTrue();
    }

    private static BufferedImage decode(ContentBlock block) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(block.image().source().bytes().asByteArray()));
        assertThat(image).as("an image block decodes as " + block.image().formatAsString()).isNotNull();
        return image;
    }

    private static void assertWithinLimits(ContentBlock block, BufferedImage image) {
        assertThat(block.image().source().bytes().asByteArray().length).isLessThanOrEqualTo(ModelImages.MAX_IMAGE_BYTES);
        assertThat(ModelImages.VISION_LONG_EDGE).isLessThan(ModelImages.MAX_IMAGE_SIDE);
        assertThat(image.getWidth()).isLessThanOrEqualTo(ModelImages.VISION_LONG_EDGE);
        assertThat(image.getHeight()).isLessThanOrEqualTo(ModelImages.VISION_LONG_EDGE);
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(ModelImages.VISION_MAX_PIXELS);
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
