package io.medextract.tests.local;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * Test documents: the synthetic discharge summary (text), a typed and a scanned PDF, a multi-page fax TIFF and
 * small PNG and TIFF images, all made at test time.
 */
public final class TestDocuments {

    private static final List<String> LETTER = List.of("DISCHARGE SUMMARY", "Patient: Jane Example",
            "Diagnosis: community-acquired pneumonia (J18.1)", "Medication: amoxicillin 500 mg three times daily");

    private TestDocuments() {}

    public static String dischargeSummary(String patientName) {
        try (InputStream in = TestDocuments.class.getResourceAsStream("/documents/discharge-summary.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{PATIENT_NAME}}", patientName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A typed one-page PDF: its text layer holds the letter, so it goes to the model as a PDF document. */
    public static byte[] pdf() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
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
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scanned PDF: every page only a picture of text (Java2D), so the PDF has no text layer at all. */
    public static byte[] scannedPdf(int pages) {
        try (PDDocument document = new PDDocument()) {
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                PDImageXObject scan = LosslessFactory.createFromImage(document,
                        pictureOfText("Scanned page " + i + " of " + pages, 1275, 1650, BufferedImage.TYPE_BYTE_GRAY));
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(scan, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fax: a bilevel CCITT T.6 TIFF with one 1728-dot-wide page per image. */
    public static byte[] faxTiff(int pages) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("CCITT T.6");
            writer.prepareWriteSequence(null);
            for (int i = 1; i <= pages; i++) {
                writer.writeToSequence(new IIOImage(pictureOfText("Fax page " + i + " of " + pages, 1728, 2200,
                        BufferedImage.TYPE_BYTE_BINARY), null, null), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage pictureOfText(String heading, int width, int height, int type) {
        BufferedImage page = new BufferedImage(width, height, type);
        Graphics2D g = page.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, width / 40));
            int line = width / 25;
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

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    public static byte[] image(String format) {
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String uploadBody(String filename, String contentType, byte[] content) {
        return "{\"filename\":\"" + filename + "\",\"contentType\":\"" + contentType + "\",\"contentBase64\":\""
                + Base64.getEncoder().encodeToString(content) + "\"}";
    }
}
