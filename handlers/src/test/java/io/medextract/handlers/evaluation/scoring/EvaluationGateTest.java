package io.medextract.handlers.evaluation.scoring;

import static io.medextract.handlers.evaluation.scoring.PairedComparisonTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationGateTest {

    private static final List<DocumentScore> GOOD = List.of(doc(10, 0, 0, 0), doc(9, 0, 1, 0), doc(8, 1, 0, 0));
    private static final List<DocumentScore> WORSE = List.of(doc(6, 1, 3, 1), doc(9, 0, 1, 0), doc(8, 1, 0, 0));

    @Test
    void refusesACandidateWhoseF1AndAccuracyDropBeyondTheThresholds() {
        EvaluationGate.Decision d = EvaluationGate.DEFAULT.decide(PairedComparison.of(GOOD, WORSE));

        assertThat(d.passed()).isFalse();
        assertThat(d.reasons()).hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("overall F1").contains("exceeds the allowed"))
                .anySatisfy(r -> assertThat(r).startsWith("documents entirely right 33.3% -> 0.0%")
                        .contains("exceeds the allowed"));
    }

    @Test
    void acceptsABetterOrEqualCandidate() {
        assertThat(EvaluationGate.DEFAULT.decide(PairedComparison.of(WORSE, GOOD)).passed()).isTrue();
        EvaluationGate.Decision same = EvaluationGate.DEFAULT.decide(PairedComparison.of(GOOD, GOOD));
        assertThat(same.passed()).isTrue();
        assertThat(same.reasons()).allSatisfy(r -> assertThat(r).contains("is within"));
    }

    @Test
    void aDropWithinTheThresholdPasses() {
        // One wrong value in 30: F1 falls from 1 to 56/58 (-0.034) and no document was exact before or after.
        List<DocumentScore> baseline = List.of(doc(10, 0, 0, 1), doc(10, 0, 0, 1), doc(10, 0, 0, 1));
        List<DocumentScore> candidate = List.of(doc(9, 0, 1, 1), doc(10, 0, 0, 1), doc(10, 0, 0, 1));
        PairedComparison c = PairedComparison.of(baseline, candidate);

        assertThat(new EvaluationGate(0.05, 0).decide(c).passed()).isTrue();
        assertThat(new EvaluationGate(0.02, 0).decide(c).passed()).isFalse();
    }

    @Test
    void thresholdsMustBeShares() {
        assertThatThrownBy(() -> new EvaluationGate(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvaluationGate(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
