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
    void handlesEmptySides() {
        assertThat(ItemAssignment.pair(new double[0][0], 4)).isEmpty();
        assertThat(ItemAssignment.pair(new double[2][0], 0)).containsExactly(-1, -1);
    }
}
