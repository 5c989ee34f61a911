package io.medextract.tests.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.quality.QualityReport;
import io.medextract.handlers.quality.SchemaCheck;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The worker's CPU work on a model answer: schema check against the template and the quality report. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExtractionQualityBenchmark {

    private final PromptTemplate template = PromptRegistry.load(null, true).find("clinical-summary@2").orElseThrow();
    private final JsonNode extraction = HotPathSamples.recordedExtraction();
    private final SchemaCheck schemaCheck = new SchemaCheck();

    @Benchmark
    public List<String> schemaChecked() {
        return schemaCheck.violations(template.id(), template.schema(), extraction);
    }

    @Benchmark
    public QualityReport qualityMeasured() {
        return QualityReport.measure(template.schema(), extraction);
    }
}
