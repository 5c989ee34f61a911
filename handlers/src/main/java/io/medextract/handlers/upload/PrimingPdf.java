package io.medextract.handlers.upload;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The smallest well-formed PDF (one blank page), for SnapStart priming: uploading it runs the PDF page-tree
 * check, so PDFBox's parser is loaded and compiled before the snapshot rather than on the first real PDF.
 */
final class PrimingPdf {

    private static final List<String> OBJECTS = List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");

    private PrimingPdf() {}

    static byte[] bytes() {
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[OBJECTS.size()];
        for (int i = 0; i < OBJECTS.size(); i++) {
            offsets[i] = pdf.length(); // ASCII: characters are bytes
            pdf.append(i + 1).append(" 0 obj\n").append(OBJECTS.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(OBJECTS.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format(java.util.Locale.ROOT, "%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(OBJECTS.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
