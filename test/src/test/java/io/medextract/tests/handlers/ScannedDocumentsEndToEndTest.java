package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.BedrockConverseFake;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Documents the model cannot read through a PDF text layer: a scanned PDF reaches Bedrock as one image block
 * per page (Converse gives the model only the text layer of a PDF document block when structured output is
 * on), a fax TIFF with every page, and the result says how the document was sent.
 */
class ScannedDocumentsEndToEndTest extends LocalPlatformTest {

    private static final Duration DRAIN = Duration.ofSeconds(90);
    // Claude's vision target and the Converse per-image limits (see ModelImages in the handlers).
    private static final int LONG_EDGE = 1568;
    private static final long MAX_PIXELS = 1_150_000;
    private static final int MAX_IMAGE_BYTES = 3_750_000;

    @Test
    void scannedPdfIsSentAsOneImagePerPage() throws IOException {
        JsonNode extraction = extract("scan.pdf", "application/pdf", TestDocuments.scannedPdf(3));

        assertThat(extraction.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(extraction.get("input")).isEqualTo(input("PDF_PAGE_IMAGES", 3, 3, false, false));
        BedrockConverseFake.Call call = platform.bedrock.calls().get(0);
        assertThat(call.images()).hasSize(3);
        assertPagesWithinLimits(call);
        JsonNode content = call.body().at("/messages/0/content");
        assertThat(content).noneMatch(b -> b.has("document"));
        assertThat(content.get(content.size() - 1).has("text")).as("the instruction stays").isTrue();
    }

    @Test
    void longScanSendsTwentyPagesAndTheResultSaysItWasTruncated() throws IOException {
        JsonNode extraction = extract("long-scan.pdf", "application/pdf", TestDocuments.scannedPdf(21));

        assertThat(extraction.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(extraction.get("input")).isEqualTo(input("PDF_PAGE_IMAGES", 20, 21, true, false));
        BedrockConverseFake.Call call = platform.bedrock.calls().get(0);
        assertThat(call.images()).hasSize(20);
        assertPagesWithinLimits(call);
    }

    @Test
    void everyPageOfAFaxIsSent() throws IOException {
        JsonNode extraction = extract("fax.tiff", "image/tiff", TestDocuments.faxTiff(3));

        assertThat(extraction.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(extraction.get("input")).isEqualTo(input("TIFF_PAGES", 3, 3, false, true));
        BedrockConverseFake.Call call = platform.bedrock.calls().get(0);
        assertThat(call.images()).hasSize(3);
        assertPagesWithinLimits(call);
    }

    @Test
    void typedPdfStillGoesAsAPdfDocument() {
        JsonNode extraction = extract("letter.pdf", "application/pdf", TestDocuments.pdf());

        assertThat(extraction.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(extraction.get("input")).isEqualTo(input("PDF_TEXT", 1, 1, false, false));
        assertThat(platform.bedrock.calls()).singleElement().satisfies(c -> {
            assertThat(c.documentFormat()).isEqualTo("pdf");
            assertThat(c.images()).isEmpty();
        });
    }

    @Test
    void unreadablePdfFailsAsInvalidDocumentWithoutCallingBedrock() {
        byte[] broken = "%PDF-1.7\nnot a PDF after all".getBytes(StandardCharsets.US_ASCII);
        // Inline, the upload function reads the page tree and refuses it at once.
        ApiResult inline = platform.post(platform.upload, "/api/upload", Map.of(),
                TestDocuments.uploadBody("broken.pdf", "application/pdf", broken));
        assertThat(inline.status()).isEqualTo(400);
        assertThat(inline.body().get("error").asText()).isEqualTo("invalid_document");
        // Through a presigned URL, which the upload function never reads, the extraction fails instead.
        String documentId = platform.storedThroughPresignedUrl("application/pdf", broken);
        platform.drainQueue(DRAIN);
        JsonNode extraction = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();

        assertThat(extraction.get("status").asText()).isEqualTo("FAILED");
        assertThat(extraction.at("/error/category").asText()).isEqualTo("INVALID_DOCUMENT");
        assertThat(extraction.has("input")).isFalse();
        assertThat(platform.bedrock.calls()).isEmpty();
    }

    private JsonNode extract(String filename, String contentType, byte[] content) {
        ApiResult uploaded = platform.post(platform.upload, "/api/upload", Map.of(),
                TestDocuments.uploadBody(filename, contentType, content));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String documentId = uploaded.body().get("documentId").asText();
        platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
        platform.drainQueue(DRAIN);
        ApiResult result = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId));
        assertThat(result.status()).isEqualTo(200);
        return result.body();
    }

    private static JsonNode input(String sentAs, int sent, int total, boolean truncated, boolean downscaled) {
        return io.medextract.tests.local.LocalPlatform.JSON.createObjectNode()
                .put("sentAs", sentAs).put("pagesSent", sent).put("pagesTotal", total)
                .put("truncated", truncated).put("downscaled", downscaled);
    }

    private static void assertPagesWithinLimits(BedrockConverseFake.Call call) throws IOException {
        for (JsonNode image : call.images()) {
            assertThat(image.get("format").asText()).isIn("png", "jpeg");
            byte[] bytes = Base64.getDecoder().decode(image.at("/source/bytes").asText());
            assertThat(bytes.length).isLessThanOrEqualTo(MAX_IMAGE_BYTES);
            BufferedImage page = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(page).isNotNull();
            assertThat(Math.max(page.getWidth(), page.getHeight())).isLessThanOrEqualTo(LONG_EDGE);
            assertThat((long) page.getWidth() * page.getHeight()).isLessThanOrEqualTo(MAX_PIXELS)
                    .isGreaterThan(MAX_PIXELS / 2); // legible pages, not thumbnails
        }
    }
}
