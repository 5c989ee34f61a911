package io.medextract.tests.bench.jmh;

import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.experiments.ExperimentAnalysis;
import io.medextract.handlers.http.ApiResponse;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.metrics.MetricsAggregate;
import io.medextract.handlers.metrics.MetricsQueries;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** What every API invocation does last: the body to a proxy response, written as the Lambda result. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResponseBenchmark {

    private Map<String, Object> summary;
    private Map<String, Object> experimentResults;

    @Setup
    public void setUp() {
        MetricsAggregate merged = MetricsQueries.merge(HotPathSamples.rollups(5), Optional.empty());
        summary = merged.describe();
        Experiment e = HotPathSamples.experiment();
        experimentResults = ExperimentAnalysis.describe(e,
                ExperimentAnalysis.analyse(e, HotPathSamples.experimentSums(5), HotPathSamples.NOW));
    }

    @Benchmark
    public byte[] summaryResponseWritten() {
        return written(ApiResponse.json(200, summary));
    }

    @Benchmark
    public byte[] experimentResultsResponseWritten() {
        return written(ApiResponse.json(200, experimentResults));
    }

    @Benchmark
    public byte[] errorResponseWritten() {
        return written(ApiResponse.error(400, "bad_request", "field 'filename' is missing or has the wrong type",
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"));
    }

    /** As the dispatcher does: the response object serialised onto the invocation's output stream. */
    private static byte[] written(ApiResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        Json.write(out, response);
        return out.toByteArray();
    }
}
