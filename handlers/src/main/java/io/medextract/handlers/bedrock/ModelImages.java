package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;

/**
 * Shapes images for the model: within the Converse image limits, and no larger than what Claude reads
 * without resizing (larger images are shrunk by the service anyway, costing upload time and time to first
 * token for nothing). Encodes as PNG (lossless, small for clean scans) or JPEG when that is much smaller.
 */
final class ModelImages {

    /** At most 20 images per message (defined with the other document limits). */
    static final int MAX_IMAGES_PER_MESSAGE = DocumentLimits.MAX_IMAGES_PER_MESSAGE;
    /**
     * Each image at most 3.75 MB (read as decimal megabytes, the stricter reading).
     * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
     */
    static final int MAX_IMAGE_BYTES = 3_750_000;
    /**
     * Each image at most 8000 px high and wide; every image we send is within the (smaller) vision target.
     * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
     */
    static final int MAX_IMAGE_SIDE = 8000;
    /**
     * Claude resizes images whose long edge exceeds 1568 px or that are above about 1.15 megapixels; the
     * vision guide recommends sending them at most that large. https://platform.claude.com/docs/en/build-with-claude/vision
     */
    static final int VISION_LONG_EDGE = 1568;
    static final long VISION_MAX_PIXELS = 1_150_000;

    /** A PNG at most this large is kept even if a JPEG would be smaller: text edges stay sharp. */
    static final int PNG_PREFERRED_BYTES = 400_000;
    /** JPEG quality when a PNG is too large (noisy scans, photos): text stays legible at 0.85. */
    static final float JPEG_QUALITY = 0.85f;
    /** Decoding more pixels than this at once is done with subsampling, so a huge image cannot exhaust the heap. */
    static final long MAX_DECODED_PIXELS = 16_000_000;

    /** One image ready for an image block. */
    record Encoded(ImageFormat format, byte[] bytes, int width, int height) {}

    private ModelImages() {}

    /** Scale factor (at most 1) that brings width × height within the vision target. */
    static double fitScale(double width, double height) {
        return Math.min(1.0, fitScaleUnbounded(width, height));
    }

    /** Scale factor that makes width × height just fit the vision target (above 1 for small sizes). */
    static double fitScaleUnbounded(double width, double height) {
        double byEdge = VISION_LONG_EDGE / Math.max(width, height);
        double byArea = Math.sqrt(VISION_MAX_PIXELS / (width * height));
        return Math.min(byEdge, byArea);
    }

    static boolean withinVisionTarget(int width, int height) {
        return Math.max(width, height) <= VISION_LONG_EDGE && (long) width * height <= VISION_MAX_PIXELS;
    }

    /**
     * Reads image {@code index} of an ImageIO reader, subsampled when it is so large that decoding it whole
     * would take hundreds of megabytes (a 20000 x 20000 PNG compresses to little but decodes to 1.6 GB). The
     * decoders report progress row by row or strip by strip; once the budget is spent the read is aborted
     * there (ImageIO's own cancellation) and refused.
     */
    static BufferedImage read(ImageReader reader, int index, PreparationBudget budget) throws IOException {
        long pixels = (long) reader.getWidth(index) * reader.getHeight(index);
        ImageReadParam param = reader.getDefaultReadParam();
        int step = 1;
        while (pixels / ((long) step * step) > MAX_DECODED_PIXELS) {
            step++;
        }
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        budget.checkTime();
        IIOReadProgressListener watch = new AbortWhenSpent(budget);
        reader.addIIOReadProgressListener(watch);
        try {
            BufferedImage image = reader.read(index, param);
            budget.checkTime(); // an aborted read returns what it has: never send that
            return image;
        } finally {
            reader.removeIIOReadProgressListener(watch);
        }
    }

    /** Aborts a read in progress once the preparation budget is spent. */
    private record AbortWhenSpent(PreparationBudget budget) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (budget.isSpent()) {
                source.abort();
            }
        }

        @Override public void sequenceStarted(ImageReader source, int minIndex) { }
        @Override public void sequenceComplete(ImageReader source) { }
        @Override public void imageStarted(ImageReader source, int imageIndex) { }
        @Override public void imageComplete(ImageReader source) { }
        @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) { }
        @Override public void thumbnailProgress(ImageReader source, float percentageDone) { }
        @Override public void thumbnailComplete(ImageReader source) { }
        @Override public void readAborted(ImageReader source) { }
    }

    /** Opens a reader on {@code in} for its first matching format, or fails as an invalid document. */
    static ImageReader reader(ImageInputStream in, String what) {
        Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw DocumentRefusedException.unreadable("the " + what + " cannot be read");
        }
        ImageReader reader = readers.next();
        reader.setInput(in, false, true);
        return reader;
    }

    /**
     * The image scaled down to the vision target (never up), on a white background, as 8-bit gray when
     * {@code gray} (scans and faxes carry no meaning in colour, and gray compresses better) or RGB.
     */
    static BufferedImage fit(BufferedImage source, boolean gray) {
        double scale = fitScale(source.getWidth(), source.getHeight());
        int width = Math.max(1, (int) Math.floor(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.floor(source.getHeight() * scale));
        BufferedImage current = source;
        // Halve in steps first: one bilinear step over a large factor drops most source pixels (aliasing).
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2, gray);
        }
        if (current != source && current.getWidth() == width && current.getHeight() == height) {
            return current;
        }
        return draw(current, width, height, gray);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, boolean gray) {
        BufferedImage target = new BufferedImage(width, height,
                gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE); // transparent areas become paper, not black
            g.fillRect(0, 0, width, height);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** True when the image has a single colour channel (gray or bilevel), as scans and faxes do. */
    static boolean isGray(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1;
    }

    /**
     * PNG, or JPEG when the PNG is large and the JPEG smaller; shrunk further in the rare case that even
     * that is above the per-image byte limit, so an image is never rejected by Bedrock for its size.
     */
    static Encoded encode(BufferedImage image) {
        BufferedImage current = image;
        while (true) {
            Encoded encoded = encodeOnce(current);
            if (encoded.bytes().length <= MAX_IMAGE_BYTES) {
                return encoded;
            }
            current = draw(current, Math.max(1, current.getWidth() * 3 / 4), Math.max(1, current.getHeight() * 3 / 4),
                    isGray(current));
        }
    }

    private static Encoded encodeOnce(BufferedImage image) {
        byte[] png = png(image);
        if (png.length <= PNG_PREFERRED_BYTES || image.getColorModel().getTransparency() != Transparency.OPAQUE
                || image.getType() == BufferedImage.TYPE_BYTE_BINARY) {
            return new Encoded(ImageFormat.PNG, png, image.getWidth(), image.getHeight());
        }
        byte[] jpeg = jpeg(image);
        return jpeg.length < png.length
                ? new Encoded(ImageFormat.JPEG, jpeg, image.getWidth(), image.getHeight())
                : new Encoded(ImageFormat.PNG, png, image.getWidth(), image.getHeight());
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

}
