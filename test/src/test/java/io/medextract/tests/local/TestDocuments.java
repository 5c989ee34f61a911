package io.medextract.tests.local;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Test documents: the synthetic discharge summary (text) and small real PDF, PNG and TIFF files. */
public final class TestDocuments {

    private TestDocuments() {}

    public static String dischargeSummary(String patientName) {
        try (InputStream in = TestDocuments.class.getResourceAsStream("/documents/discharge-summary.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{PATIENT_NAME}}", patientName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal but well-formed one-page PDF. */
    public static byte[] pdf() {
        String pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.US_ASCII);
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
