package io.medextract.handlers.variants;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.SortableIds;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariantAllocatorTest {

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"50,50", "80,20", "95,5"})
    void sharesFollowTheWeightsWithinBinomialTolerance(int controlWeight, int treatmentWeight) {
        Experiment e = experiment(List.of(new Experiment.Variant("control", "clinical-summary@1", controlWeight),
                new Experiment.Variant("candidate", "clinical-summary@2", treatmentWeight)));
        int n = 100_000;
        Map<String, Integer> counts = new HashMap<>();
        Instant t = Instant.parse("2026-11-25T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String doc = SortableIds.next(SortableIds.DOCUMENT, t.plusMillis(i));
            counts.merge(VariantAllocator.allocate(e, doc).name(), 1, Integer::sum);
        }
        double p = treatmentWeight / 100.0;
        double sd = Math.sqrt(n * p * (1 - p));
        // 4.5 standard deviations: a false alarm about once in 150 000 runs
        assertThat((double) counts.getOrDefault("candidate", 0)).isCloseTo(n * p,
                org.assertj.core.api.Assertions.within(4.5 * sd));
    }

    @ParameterizedTest(name = "{0} variants")
    @CsvSource({"3", "5"})
    void customWeightsOverSeveralVariants(int variants) {
        int[] weights = variants == 3 ? new int[] {50, 30, 20} : new int[] {40, 25, 15, 10, 10};
        List<Experiment.Variant> vs = new java.util.ArrayList<>();
        for (int i = 0; i < variants; i++) {
            vs.add(new Experiment.Variant("v" + i, "clinical-summary@" + (i + 1), weights[i]));
        }
        Experiment e = experiment(vs);
        int n = 100_000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(VariantAllocator.allocate(e, "doc_" + i).name(), 1, Integer::sum);
        }
        for (int i = 0; i < variants; i++) {
            double p = weights[i] / 100.0;
            assertThat((double) counts.get("v" + i)).isCloseTo(n * p,
                    org.assertj.core.api.Assertions.within(4.5 * Math.sqrt(n * p * (1 - p))));
        }
    }

    @ParameterizedTest
    @CsvSource({"doc_01JAAAAAAAAAAAAAAAAAAAAAAA", "doc_01JBBBBBBBBBBBBBBBBBBBBBBB"})
    void theSameDocumentAlwaysGetsTheSameVariant(String documentId) {
        Experiment e = experiment(List.of(new Experiment.Variant("control", "clinical-summary@1", 50),
                new Experiment.Variant("candidate", "clinical-summary@2", 50)));
        String first = VariantAllocator.allocate(e, documentId).name();
        for (int i = 0; i < 100; i++) {
            assertThat(VariantAllocator.allocate(e, documentId).name()).isEqualTo(first);
        }
    }

    static Experiment experiment(List<Experiment.Variant> variants) {
        return new Experiment("exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", "test", "production", variants,
                PrimaryMetric.FIELD_COMPLETENESS, 0.05, 0.05, 0.8, ExperimentStatus.RUNNING, 1,
                Instant.parse("2026-11-25T00:00:00Z"), null, null, null, null);
    }
}
