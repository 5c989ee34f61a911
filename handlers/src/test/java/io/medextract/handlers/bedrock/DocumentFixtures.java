package io.medextract.handlers.bedrock;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Real documents made at test time: a scanned PDF (each page only a picture of text, no text layer), a
 * typed PDF (a text layer), a multi-page TIFF as a fax machine writes one, and plain images.
 */
final class DocumentFixtures {

    static final List<String> LETTER = List.of("DISCHARGE SUMMARY", "Patient: Ada Testperson",
            "Diagnosis: community-acquired pneumonia (J18.1)", "Medication: amoxicillin 500 mg three times daily",
            "Follow-up with the general practitioner in two weeks.");

    private DocumentFixtures() {}

    /** A page of text as a scanner sees it: black text on white, 8-bit gray, 150 dpi Letter. */
    static BufferedImage scannedPage(String heading, int width, int height) {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, Math.max(12, width / 40)));
            int line = Math.max(16, width / 25);
            int y = line * 2;
            g.drawString(heading, line, y);
            for (String text : LETTER) {
                y += line;
                g.drawString(text, line, y);
            }
        } finally {
            g.dispose();
        }
        return page;
    }

    /** A PDF of {@code pages} pages, each holding only an image of text: no text layer at all. */
    static byte[] scannedPdf(int pages) {
        return scannedPdf(pages, false);
    }

    /** As above; with {@code samePicture} every page shows one shared scan (quick to make for long PDFs). */
    static byte[] scannedPdf(int pages, boolean samePicture) {
        try (PDDocument document = new PDDocument()) {
            PDImageXObject shared = samePicture
                    ? LosslessFactory.createFromImage(document, scannedPage("Scanned page", 1275, 1650)) : null;
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                PDImageXObject scan = samePicture ? shared : LosslessFactory.createFromImage(document,
                        scannedPage("Page " + i + " of " + pages, 1275, 1650));
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(scan, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A typed PDF: the letter as real text (Helvetica), so the text layer carries it. */
    static byte[] textPdf() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            addText(document, page);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Page 1 typed, page 2 a scanned lab report: the scan must not be lost behind the text layer. */
    static byte[] mixedPdf() {
        try (PDDocument document = new PDDocument()) {
            PDPage typed = new PDPage(PDRectangle.LETTER);
            document.addPage(typed);
            addText(document, typed);
            PDPage scanned = new PDPage(PDRectangle.LETTER);
            document.addPage(scanned);
            PDImageXObject scan = LosslessFactory.createFromImage(document, scannedPage("LAB RESULTS", 1275, 1650));
            try (PDPageContentStream content = new PDPageContentStream(document, scanned)) {
                content.drawImage(scan, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addText(PDDocument document, PDPage page) throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.setLeading(16);
            content.newLineAtOffset(72, 720);
            for (String line : LETTER) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    /** A bilevel, CCITT T.6 compressed TIFF with one image per page, as fax software writes them. */
    static byte[] faxTiff(int pages) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("CCITT T.6");
            writer.prepareWriteSequence(null);
            for (int i = 1; i <= pages; i++) {
                // Fax fine resolution: 1728 dots across, about 2200 lines for a Letter page.
                BufferedImage gray = scannedPage("FAX page " + i + " of " + pages, 1728, 2200);
                BufferedImage bilevel = new BufferedImage(gray.getWidth(), gray.getHeight(),
                        BufferedImage.TYPE_BYTE_BINARY);
                bilevel.getGraphics().drawImage(gray, 0, 0, null);
                writer.writeToSequence(new IIOImage(bilevel, null, null), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage rgb(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.drawLine(0, height / 2, width - 1, height / 2);
        g.dispose();
        return image;
    }
}
