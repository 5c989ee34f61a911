package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    /** A document score with these overall counts; exact when nothing is wrong, missing or extra. */
    static DocumentScore doc(int matched, int missing, int wrong, int extra) {
        FieldScore overall = new FieldScore("all", matched, missing, wrong, extra, 0);
        return new DocumentScore(overall.isPerfect(), overall, Map.of("f", overall), Map.of());
    }

    @Test
    void aCandidateBetterOnMostDocumentsWinsOnBothTests() {
        List<DocumentScore> baseline = new ArrayList<>();
        List<DocumentScore> candidate = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            baseline.add(i % 4 == 0 ? doc(10, 0, 0, 0) : doc(7, 1, 2, 1));
            candidate.add(i % 10 == 9 ? doc(8, 1, 1, 0) : doc(10, 0, 0, 0));
        }

        PairedComparison c = PairedComparison.of(baseline, candidate);

        assertThat(c.documents()).isEqualTo(40);
        assertThat(c.baselineAccuracy()).isEqualTo(0.25);
        assertThat(c.candidateAccuracy()).isEqualTo(0.9);
        // Baseline exact on the 10 multiples of 4; the candidate is not exact on 9, 19, 29, 39 (none a multiple
        // of 4), so no document is right only by the baseline and 36 - 10 = 26 only by the candidate.
        assertThat(c.onlyBaselineExact()).isZero();
        assertThat(c.onlyCandidateExact()).isEqualTo(26);
        assertThat(c.mcNemarExact()).isFalse();
        assertThat(c.mcNemarPValue()).isLessThan(1e-5);
        // Baseline F1: 2*(10*10 + 30*7) / (2*310 + 30*(4 + 1 + 1)) = 620 / 800.
        assertThat(c.baselineF1()).isCloseTo(620.0 / 800, within(1e-12));
        // Candidate F1: 2*(36*10 + 4*8) / (2*392 + 4*(2 + 1)) = 784 / 796.
        assertThat(c.candidateF1()).isCloseTo(784.0 / 796, within(1e-12));
        assertThat(c.f1Difference()).isCloseTo(784.0 / 796 - 620.0 / 800, within(1e-12));
        assertThat(c.f1DifferenceLow()).isPositive();
        assertThat(c.f1DifferenceHigh()).isGreaterThan(c.f1Difference());
        assertThat(c.f1DifferencePValue()).isLessThan(0.01);
    }

    @Test
    void identicalRunsShowNoDifference() {
        List<DocumentScore> run = List.of(doc(10, 0, 0, 0), doc(5, 2, 1, 0), doc(3, 0, 4, 2));

        PairedComparison c = PairedComparison.of(run, run);

        assertThat(c.f1Difference()).isZero();
        assertThat(c.f1DifferenceLow()).isZero();
        assertThat(c.f1DifferenceHigh()).isZero();
        assertThat(c.f1DifferencePValue()).isEqualTo(1.0);
        assertThat(c.mcNemarPValue()).isEqualTo(1.0);
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        List<DocumentScore> baseline = new ArrayList<>();
        List<DocumentScore> candidate = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            baseline.add(doc(5 + i % 3, i % 2, i % 4, 0));
            candidate.add(doc(5 + i % 5, i % 3, i % 2, i % 2));
        }

        PairedComparison a = PairedComparison.of(baseline, candidate);
        assertThat(PairedComparison.of(baseline, candidate)).isEqualTo(a);
        PairedComparison other = PairedComparison.of(baseline, candidate, 2000, 0.95, 99L);
        assertThat(other.f1Difference()).isEqualTo(a.f1Difference());
        assertThat(other.f1DifferenceLow()).isNotEqualTo(a.f1DifferenceLow());
    }

    @Test
    void runsKeyedByDocumentArePairedOnTheDocumentsBothScored() {
        Map<String, DocumentScore> baseline = new java.util.HashMap<>(Map.of(
                "doc-a", doc(10, 0, 0, 0), "doc-b", doc(5, 5, 0, 0), "doc-only-baseline", doc(0, 9, 0, 0)));
        Map<String, DocumentScore> candidate = Map.of(
                "doc-b", doc(10, 0, 0, 0), "doc-a", doc(10, 0, 0, 0), "doc-only-candidate", doc(0, 0, 9, 0));

        PairedComparison byId = PairedComparison.ofDocuments(baseline, candidate);

        assertThat(byId).isEqualTo(PairedComparison.of(List.of(doc(10, 0, 0, 0), doc(5, 5, 0, 0)),
                List.of(doc(10, 0, 0, 0), doc(10, 0, 0, 0))));
        assertThat(byId.documents()).isEqualTo(2);
        assertThat(byId.onlyCandidateExact()).isEqualTo(1);
        assertThatThrownBy(() -> PairedComparison.ofDocuments(Map.of("x", doc(1, 0, 0, 0)), Map.of("y", doc(1, 0, 0, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsOnDifferentDocumentsCannotBePaired() {
        assertThatThrownBy(() -> PairedComparison.of(List.of(doc(1, 0, 0, 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same documents");
        assertThatThrownBy(() -> PairedComparison.of(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
