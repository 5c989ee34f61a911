package io.medextract.handlers.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A mergeable latency distribution (DDSketch, 1 % relative accuracy): any quantile of the merge of many
 * hourly sketches is within 1 % of the exact quantile of all their values. Serialised compactly for the
 * rollup items.
 */
public final class LatencySketch {

    public static final double RELATIVE_ACCURACY = 0.01;

    private final DDSketch sketch;

    private LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    public static LatencySketch empty() {
        return new LatencySketch(DDSketches.unboundedDense(RELATIVE_ACCURACY));
    }

    public static LatencySketch fromBytes(byte[] bytes) {
        LatencySketch s = empty();
        try {
            s.sketch.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt latency sketch", e);
        }
        return s;
    }

    public void add(double millis) {
        sketch.accept(Math.max(0, millis));
    }

    public void merge(LatencySketch other) {
        sketch.mergeWith(other.sketch);
    }

    public long count() {
        return Math.round(sketch.getCount());
    }

    /** The value at quantile q (0..1), or NaN when empty. */
    public double quantile(double q) {
        return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
    }

    public byte[] toBytes() {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.trimmedCopy();
    }

}
