package io.medextract.tests.bench.jmh;

import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.experiments.ExperimentAnalysis;
import io.medextract.handlers.variants.VariantHourSums;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A results request's statistics: a two-arm experiment's 30 days of hourly sums (1 440 items) analysed. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExperimentAnalysisBenchmark {

    private final Experiment experiment = HotPathSamples.experiment();
    private List<VariantHourSums> sums;

    @Setup
    public void setUp() {
        sums = HotPathSamples.experimentSums(10);
    }

    @Benchmark
    public ExperimentAnalysis.Result analysedFromHourlySums() {
        return ExperimentAnalysis.analyse(experiment, sums, HotPathSamples.NOW);
    }
}
