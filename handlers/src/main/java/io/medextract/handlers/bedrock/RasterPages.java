package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DeclaredSizes;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.ImageHeader;
import io.medextract.handlers.documents.ImageHeaders;
import io.medextract.handlers.documents.PreparationBudget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;

/**
 * Uploaded raster documents as model images: a PNG or JPEG as one image (passed through untouched when it
 * is already within the vision target, else downscaled), a TIFF page by page (Converse takes no TIFF; a fax
 * has several pages and every one counts), up to the per-message image limit. What each image declares in
 * its header is held to the document limits before a decoder sees it.
 */
final class RasterPages {

    /** The pages prepared, how many the file has, and whether any was downscaled. */
    record Pages(List<ModelImages.Encoded> images, int pagesTotal, boolean downscaled) {
        Pages {
            images = List.copyOf(images);
        }
    }

    private RasterPages() {}

    /** A PNG or JPEG upload. */
    static Pages single(byte[] content, ImageFormat format, PreparationBudget budget) {
        ImageHeader header = (format == ImageFormat.PNG ? ImageHeaders.png(content) : ImageHeaders.jpeg(content))
                .requireWithinLimits("the image");
        int width = (int) header.width();
        int height = (int) header.height();
        if (content.length <= ModelImages.MAX_IMAGE_BYTES && ModelImages.withinVisionTarget(width, height)) {
            return new Pages(List.of(new ModelImages.Encoded(format, content, width, height)), 1, false);
        }
        budget.pixels(header.pixels(), "the image");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = ModelImages.reader(in, "image");
            try {
                BufferedImage image = ModelImages.read(reader, 0, budget);
                return new Pages(List.of(ModelImages.encode(ModelImages.fit(image, ModelImages.isGray(image)))), 1,
                        true);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw passOn(e, "the image cannot be read");
        }
    }

    /** The TIFF's pages up to the per-message image limit, each checked against its directory first. */
    static Pages tiff(byte[] content, PreparationBudget budget) {
        List<ImageHeader> pages = DeclaredSizes.tiffPages(content, budget);
        int sent = Math.min(pages.size(), ModelImages.MAX_IMAGES_PER_MESSAGE);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = ModelImages.reader(in, "TIFF image");
            try {
                List<ModelImages.Encoded> images = new ArrayList<>();
                boolean downscaled = false;
                for (int page = 0; page < sent; page++) {
                    BufferedImage image = ModelImages.read(reader, page, budget);
                    downscaled |= !ModelImages.withinVisionTarget(image.getWidth(), image.getHeight());
                    images.add(ModelImages.encode(ModelImages.fit(image, ModelImages.isGray(image))));
                }
                return new Pages(images, pages.size(), downscaled);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw passOn(e, "the TIFF image cannot be read");
        }
    }

    /** A refusal or failure already named passes on; anything else from a decoder means the file is unreadable. */
    private static RuntimeException passOn(Exception e, String unreadable) {
        return e instanceof DocumentRefusedException refused ? refused : DocumentRefusedException.unreadable(unreadable);
    }
}
