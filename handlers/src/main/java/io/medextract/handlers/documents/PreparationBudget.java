package io.medextract.handlers.documents;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What preparing one document may still spend: time until a deadline, content-stream operators, decoded pixels
 * and decoded stream bytes. The preparing code charges it as it goes and is refused the moment a limit is
 * passed, so a parser that never returns on its own still stops at the next charge. {@link #stop()} (from
 * another thread) makes the next charge fail: the preparation's watchdog uses it at the deadline.
 *
 * <p>Used by one preparing thread; only {@link #stop()} may come from another.
 */
public final class PreparationBudget {

    /** How many operators pass between two looks at the clock: a look costs more than an operator. */
    private static final int OPERATORS_PER_CLOCK_CHECK = 256;

    private final LongSupplier nanoTime;
    private final long deadlineNanos;
    private final Duration allowed;
    private long operators;
    private long pixels;
    private long decodedBytes;
    private volatile boolean stopped;

    private PreparationBudget(Duration allowed, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.allowed = allowed;
        this.deadlineNanos = nanoTime.getAsLong() + allowed.toNanos();
    }

    /** A budget of {@code allowed} from now, and the document limits. */
    public static PreparationBudget of(Duration allowed) {
        return of(allowed, System::nanoTime);
    }

    static PreparationBudget of(Duration allowed, LongSupplier nanoTime) {
        if (allowed.isNegative() || allowed.isZero()) {
            throw new IllegalArgumentException("a preparation needs some time, not " + allowed);
        }
        return new PreparationBudget(allowed, nanoTime);
    }

    /** One content-stream operator is about to run. */
    public void operator() {
        if (++operators > DocumentLimits.MAX_OPERATORS) {
            throw new DocumentRefusedException("MAX_OPERATORS", "the PDF runs more than "
                    + DocumentLimits.MAX_OPERATORS + " drawing operators on its pages (forms count each time they"
                    + " are drawn); at most " + DocumentLimits.MAX_OPERATORS + " are accepted");
        }
        if (operators % OPERATORS_PER_CLOCK_CHECK == 0) {
            checkTime();
        }
    }

    /** {@code count} pixels of {@code what} are about to be decoded. */
    public void pixels(long count, String what) {
        pixels += count;
        if (pixels > DocumentLimits.MAX_DOCUMENT_PIXELS) {
            throw new DocumentRefusedException("MAX_DOCUMENT_PIXELS", "decoding " + what + " would bring the"
                    + " document to " + ImageHeader.megapixels(pixels) + " megapixels; at most "
                    + ImageHeader.megapixels(DocumentLimits.MAX_DOCUMENT_PIXELS) + " per document are accepted");
        }
        checkTime();
    }

    /** {@code count} more bytes were decoded from the document's non-image streams. */
    public void decodedBytes(long count) {
        decodedBytes += count;
        if (decodedBytes > DocumentLimits.MAX_DECODED_STREAM_BYTES) {
            throw new DocumentRefusedException("MAX_DECODED_STREAM_BYTES", "the PDF's page streams inflate to more"
                    + " than " + (DocumentLimits.MAX_DECODED_STREAM_BYTES >> 20) + " MiB; at most "
                    + (DocumentLimits.MAX_DECODED_STREAM_BYTES >> 20) + " MiB are accepted");
        }
    }

    /** Bytes the non-image streams may still inflate to. */
    public long decodedBytesLeft() {
        return DocumentLimits.MAX_DECODED_STREAM_BYTES - decodedBytes;
    }

    /** Refuses when the deadline has passed or the watchdog stopped the preparation. */
    public void checkTime() {
        if (isSpent()) {
            throw timeSpent();
        }
    }

    /** True once the deadline has passed or {@link #stop()} was called. */
    public boolean isSpent() {
        return stopped || nanoTime.getAsLong() - deadlineNanos > 0;
    }

    /** The refusal for a preparation that ran out of time. */
    public DocumentRefusedException timeSpent() {
        return new DocumentRefusedException("MAX_PREPARATION_TIME", "preparing the document for the model took"
                + " longer than " + allowed.toSeconds() + " s (the extract function's share of CPU grows with its"
                + " memory setting)");
    }

    /** Makes the next charge fail. Safe from any thread. */
    public void stop() {
        stopped = true;
    }

    public Duration allowed() {
        return allowed;
    }

    /** Operators run so far (for tests and the benchmark). */
    public long operatorsRun() {
        return operators;
    }

    public long pixelsDecoded() {
        return pixels;
    }
}
