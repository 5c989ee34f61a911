package io.medextract.handlers.documents;

/**
 * What an image declares about itself in its header, read without decoding any pixel.
 *
 * @param width                 pixels across
 * @param height                pixels down
 * @param decoderBufferBytes    memory the decoder must hold before it returns the first row: every DCT
 *                              coefficient of a progressive JPEG; 0 for formats decoded row by row
 */
public record ImageHeader(long width, long height, long decoderBufferBytes) {

    public long pixels() {
        return width * height;
    }

    /**
     * Refuses an image (or page, or PDF image) whose declared size exceeds the limits.
     *
     * @param what how the message names it, e.g. "the image" or "page 3 of the TIFF"
     */
    public ImageHeader requireWithinLimits(String what) {
        if (width < 1 || height < 1) {
            throw DocumentRefusedException.unreadable(what + " declares no size (" + width + " x " + height + ")");
        }
        if (Math.max(width, height) > DocumentLimits.MAX_IMAGE_SIDE) {
            throw new DocumentRefusedException("MAX_IMAGE_SIDE", what + " declares " + width + " x " + height
                    + " pixels; sides of at most " + DocumentLimits.MAX_IMAGE_SIDE + " pixels are accepted");
        }
        if (pixels() > DocumentLimits.MAX_IMAGE_PIXELS) {
            throw new DocumentRefusedException("MAX_IMAGE_PIXELS", what + " declares " + megapixels(pixels())
                    + " megapixels; at most " + megapixels(DocumentLimits.MAX_IMAGE_PIXELS) + " are accepted");
        }
        if (decoderBufferBytes > DocumentLimits.MAX_JPEG_BUFFER_BYTES) {
            throw new DocumentRefusedException("MAX_JPEG_BUFFER_BYTES", what + " is a progressive JPEG whose decoder"
                    + " would buffer " + (decoderBufferBytes >> 20) + " MiB; at most "
                    + (DocumentLimits.MAX_JPEG_BUFFER_BYTES >> 20) + " MiB are accepted");
        }
        return this;
    }

    static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1_000_000.0);
    }
}
