package io.medextract.handlers.bedrock;

import io.medextract.handlers.documents.DocumentRefusedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * Decodes a PDF stream's filters into a counter instead of memory, stopping the moment the count passes a
 * limit. PDFBox decodes a stream whole into a heap buffer before anyone reads it
 * ({@code Filter.decode} into a {@code RandomAccessReadWriteBuffer}), so a 2 MB Flate stream that inflates to
 * gigabytes would be held in memory whole; checked here first, it costs at most the limit in CPU and nothing
 * in memory.
 */
final class PdfStreams {

    /** Image codecs: their output size follows from the image's declared size, checked before drawing. */
    static final Set<COSName> IMAGE_CODECS = Set.of(COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION,
            COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION, COSName.JBIG2_DECODE, COSName.JPX_DECODE);

    private PdfStreams() {}

    /** The stream's filter names, in decoding order. */
    static List<COSName> filters(COSDictionary stream) {
        return filterNames(stream.getDictionaryObject(COSName.FILTER));
    }

    /** An inline image's filter names: inside BI ... ID, /F abbreviates /Filter (PDF 32000-1:2008, 8.9.7). */
    static List<COSName> inlineFilters(COSDictionary parameters) {
        COSBase filter = parameters.getDictionaryObject(COSName.FILTER);
        return filterNames(filter != null ? filter : parameters.getDictionaryObject(COSName.F));
    }

    private static List<COSName> filterNames(COSBase filter) {
        List<COSName> names = new ArrayList<>();
        if (filter instanceof COSName name) {
            names.add(name);
        } else if (filter instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The index of the first image codec among the filters, or the number of filters when there is none. */
    static int firstCodec(List<COSName> filters) {
        for (int i = 0; i < filters.size(); i++) {
            if (IMAGE_CODECS.contains(filters.get(i))) {
                return i;
            }
        }
        return filters.size();
    }

    /**
     * How many bytes the filters before the first image codec produce, refused past {@code limit}.
     *
     * @param refusal the refusal to throw when the limit is passed
     */
    static long decodedLength(COSStream stream, long limit, java.util.function.Supplier<DocumentRefusedException> refusal)
            throws IOException {
        List<COSName> filters = filters(stream);
        int stop = firstCodec(filters);
        CountingSink sink = new CountingSink(limit, refusal);
        decode(stream, filters, stop, limit, refusal, sink);
        return sink.count;
    }

    /** The bytes the filters before the first image codec produce (at most {@code limit}), e.g. a JPEG's file. */
    static byte[] decodedBeforeCodec(COSStream stream, long limit,
                                     java.util.function.Supplier<DocumentRefusedException> refusal) throws IOException {
        List<COSName> filters = filters(stream);
        LimitedBuffer out = new LimitedBuffer(limit, refusal);
        decode(stream, filters, firstCodec(filters), limit, refusal, out);
        return out.toByteArray();
    }

    private static void decode(COSStream stream, List<COSName> filters, int stop, long limit,
                               java.util.function.Supplier<DocumentRefusedException> refusal, OutputStream sink)
            throws IOException {
        try (InputStream raw = stream.createRawInputStream()) {
            InputStream input = raw;
            for (int i = 0; i < stop; i++) {
                Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
                if (i == stop - 1) {
                    filter.decode(input, sink, stream, i);
                    return;
                }
                // A chain (e.g. ASCII85 then Flate): the intermediate result is bounded like the final one.
                LimitedBuffer step = new LimitedBuffer(limit, refusal);
                filter.decode(input, step, stream, i);
                input = new ByteArrayInputStream(step.toByteArray());
            }
            input.transferTo(sink);
        }
    }

    /** Counts what is written and refuses past the limit; keeps nothing. */
    private static final class CountingSink extends OutputStream {
        private final long limit;
        private final java.util.function.Supplier<DocumentRefusedException> refusal;
        private long count;

        CountingSink(long limit, java.util.function.Supplier<DocumentRefusedException> refusal) {
            this.limit = limit;
            this.refusal = refusal;
        }

        @Override
        public void write(int b) {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            add(len);
        }

        private void add(long bytes) {
            count += bytes;
            if (count > limit) {
                throw refusal.get();
            }
        }
    }

    /** Keeps what is written, up to the limit. */
    private static final class LimitedBuffer extends ByteArrayOutputStream {
        private final long limit;
        private final java.util.function.Supplier<DocumentRefusedException> refusal;

        LimitedBuffer(long limit, java.util.function.Supplier<DocumentRefusedException> refusal) {
            this.limit = limit;
            this.refusal = refusal;
        }

        @Override
        public synchronized void write(int b) {
            ensureRoom(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ensureRoom(len);
            super.write(b, off, len);
        }

        private void ensureRoom(int bytes) {
            if ((long) count + bytes > limit) {
                throw refusal.get();
            }
        }
    }
}
