package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemAssignmentTest {

    @Test
    void maximisesTheTotalSimilarityWhereTakingTheBestPairFirstWouldNot() {
        // Greedy takes (0,0) = 0.9 and leaves row 1 unpaired (0.9 in all); the optimum is 0.8 + 0.7 = 1.5.
        double[][] similarity = {{0.9, 0.8}, {0.7, 0.0}};

        assertThat(ItemAssignment.pair(similarity, 2)).containsExactly(1, 0);
    }

    @Test
    void leavesItemsUnpairedRatherThanPairingThemWithNothingInCommon() {
        double[][] similarity = {{0.0, 0.0, 0.6}, {0.0, 0.0, 0.0}};

        assertThat(ItemAssignment.pair(similarity, 3)).containsExactly(2, -1);
    }

    @Test
    void aLongExtractionAgainstAShortTruthKeepsOnlyTheBestCandidatesAndStaysOptimal() {
        // Two expected items against 5 000 extracted ones (a model repeating itself): only columns 4 000 and
        // 4 001 are worth pairing, and the optimum crosses them (0.8 + 0.7 beats 0.9 + 0.1).
        double[][] similarity = new double[2][5000];
        for (int j = 0; j < 5000; j++) {
            similarity[0][j] = 0.05;
            similarity[1][j] = 0.05;
        }
        similarity[0][4000] = 0.9;
        similarity[0][4001] = 0.8;
        similarity[1][4000] = 0.7;
        similarity[1][4001] = 0.1;

        assertThat(ItemAssignment.pair(similarity, 5000)).containsExactly(4001, 4000);
    }

    @Test
    void beyondTheOptimalLimitItemsArePairedBestFirst() {
        int n = ItemAssignment.MAX_OPTIMAL + 50;
        double[][] similarity = new double[n][n];
        for (int i = 0; i < n; i++) {
            similarity[i][n - 1 - i] = 1.0;
            similarity[i][i] = 0.5;
        }

        int[] paired = ItemAssignment.pair(similarity, n);

        for (int i = 0; i < n; i++) {
            assertThat(paired[i]).isEqualTo(n - 1 - i);
        }
    }

    @Test
    void handlesEmptySides() {
        assertThat(ItemAssignment.pair(new double[0][0], 4)).isEmpty();
        assertThat(ItemAssignment.pair(new double[2][0], 0)).containsExactly(-1, -1);
    }
}
