package io.medextract.tests.bench.jmh;

import io.medextract.handlers.experiments.ExperimentRequest;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.metrics.MetricsWindow;
import io.medextract.handlers.upload.UploadRequest;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** What every API invocation does first: the raw event to a request, then the route's input checks. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ApiEventBenchmark {

    private final byte[] uploadEvent = HotPathSamples.uploadEvent();
    private final byte[] summaryEvent = HotPathSamples.summaryEvent();
    private final String experimentBody = HotPathSamples.experimentBody();

    /** POST /api/upload: event bytes to the validated body (2 KB document, base64). */
    @Benchmark
    public UploadRequest uploadEventParsedAndValidated() {
        return UploadRequest.parse(ApiRequest.fromEvent(Json.readTree(new ByteArrayInputStream(uploadEvent))));
    }

    /** GET /api/metrics/summary: event bytes to the validated window. */
    @Benchmark
    public MetricsWindow summaryEventParsedAndValidated() {
        return MetricsWindow.parse(ApiRequest.fromEvent(Json.readTree(new ByteArrayInputStream(summaryEvent))),
                HotPathSamples.NOW);
    }

    /** POST /api/experiments: the body through the strict mapper. */
    @Benchmark
    public ExperimentRequest experimentBodyParsed() {
        return ExperimentRequest.parse(experimentBody);
    }
}
