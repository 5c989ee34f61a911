package io.medextract.tests.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes the synthetic sample evaluation set under {@code test/src/test/resources/evaluation-sets/discharge-sample}:
 * one made-up discharge summary (no real patient) as UTF-8 text, as a typed PDF (text layer) and as a scanned page
 * (a PNG picture of the text, no text layer), each with the same {@code expected.json}. The files are committed;
 * run this only to regenerate them:
 * {@code java -cp <test classpath> io.medextract.tests.evaluation.SampleSetFiles test/src/test/resources/evaluation-sets/discharge-sample}
 */
public final class SampleSetFiles {

    private SampleSetFiles() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String text = Files.readString(out.resolve("text-note/document.txt"), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        Files.write(out.resolve("typed-pdf/document.pdf"), pdf(lines));
        Files.createDirectories(out.resolve("scanned-image"));
        ImageIO.write(scan(lines), "png", out.resolve("scanned-image/document.png").toFile());
    }

    static byte[] pdf(List<String> lines) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                content.setLeading(12);
                content.newLineAtOffset(50, 740);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** A grey "scan" at about 100 dpi for Letter, as a clinic scanner would make it. */
    static BufferedImage scan(List<String> lines) {
        BufferedImage page = new BufferedImage(850, 1100, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, page.getWidth(), page.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
            int y = 40;
            for (String line : lines) {
                g.drawString(line, 30, y);
                y += 16;
            }
        } finally {
            g.dispose();
        }
        return page;
    }
}
