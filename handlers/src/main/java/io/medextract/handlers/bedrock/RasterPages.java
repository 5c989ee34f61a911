package io.medextract.handlers.bedrock;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;

/**
 * Uploaded raster documents as model images: a PNG or JPEG as one image (passed through untouched when it
 * is already within the vision target, else downscaled), a TIFF page by page (Converse takes no TIFF; a fax
 * has several pages and every one counts), up to the per-message image limit.
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
    static Pages single(byte[] content, ImageFormat format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = ModelImages.reader(in, "image");
            try {
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (content.length <= ModelImages.MAX_IMAGE_BYTES && ModelImages.withinVisionTarget(width, height)) {
                    return new Pages(List.of(new ModelImages.Encoded(format, content, width, height)), 1, false);
                }
                BufferedImage image = ModelImages.read(reader, 0);
                return new Pages(List.of(ModelImages.encode(ModelImages.fit(image, ModelImages.isGray(image)))), 1,
                        true);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BedrockCallFailure failure) {
                throw failure;
            }
            throw ModelImages.invalid("the image cannot be read", e);
        }
    }

    /** Every page of a TIFF, up to the per-message image limit (the JDK reads TIFF since Java 9). */
    static Pages tiff(byte[] content) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = ModelImages.reader(in, "TIFF image");
            try {
                int total = reader.getNumImages(true);
                if (total < 1) {
                    throw ModelImages.invalid("the TIFF image has no pages", null);
                }
                List<ModelImages.Encoded> pages = new ArrayList<>();
                boolean downscaled = false;
                for (int page = 0; page < Math.min(total, ModelImages.MAX_IMAGES_PER_MESSAGE); page++) {
                    BufferedImage image = ModelImages.read(reader, page);
                    downscaled |= !ModelImages.withinVisionTarget(image.getWidth(), image.getHeight());
                    pages.add(ModelImages.encode(ModelImages.fit(image, ModelImages.isGray(image))));
                }
                return new Pages(pages, total, downscaled);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BedrockCallFailure failure) {
                throw failure;
            }
            throw ModelImages.invalid("the TIFF image cannot be read", e);
        }
    }
}
