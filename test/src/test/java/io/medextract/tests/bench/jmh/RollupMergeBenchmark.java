package io.medextract.tests.bench.jmh;

import io.medextract.handlers.metrics.MetricsAggregate;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.handlers.stats.LatencySketch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The metrics endpoints' core: hourly rollups (30 days x 2 prompt versions = 1 440, 20 extractions each) read
 * back and merged. Decoding a sketch is what reading each rollup item costs; the 30-day merge is a summary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RollupMergeBenchmark {

    private List<RollupRepository.Rollup> rollups;
    private LatencySketch hourA;
    private LatencySketch hourB;
    private byte[] encodedHour;

    @Setup
    public void setUp() {
        rollups = HotPathSamples.rollups(20);
        hourA = rollups.get(0).aggregate().latency();
        hourB = rollups.get(1).aggregate().latency();
        encodedHour = hourA.toBytes();
    }

    @Benchmark
    public LatencySketch latencySketchMerged() {
        LatencySketch merged = LatencySketch.empty();
        merged.merge(hourA);
        merged.merge(hourB);
        return merged;
    }

    @Benchmark
    public LatencySketch latencySketchDecoded() {
        return LatencySketch.fromBytes(encodedHour);
    }

    @Benchmark
    public MetricsAggregate hourlyAggregateMerged() {
        MetricsAggregate merged = MetricsAggregate.empty();
        merged.merge(rollups.get(0).aggregate());
        merged.merge(rollups.get(1).aggregate());
        return merged;
    }

    /** The summary's merge and p99 over 30 days of rollups. */
    @Benchmark
    public double thirtyDaysMergedToP99() {
        return MetricsQueries.merge(rollups, Optional.empty()).latency().quantile(0.99);
    }
}
