package io.medextract.handlers.evaluation.scoring;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Pairs expected with extracted list items so that the summed similarity is as large as possible (the
 * Hungarian algorithm, Kuhn-Munkres, from JGraphT), whatever order either list is in. A pair with similarity 0
 * is never made: such items stay unpaired (missing and extra).
 */
final class ItemAssignment {

    private ItemAssignment() {}

    /**
     * For each row (expected item) the column (extracted item) it is paired with, or -1.
     *
     * @param similarity rows x columns, each in [0, 1]
     */
    static int[] pair(double[][] similarity, int columns) {
        int rows = similarity.length;
        int[] paired = new int[rows];
        Arrays.fill(paired, -1);
        if (rows == 0 || columns == 0) {
            return paired;
        }
        // Square it up with dummy items: being unpaired costs 1, a pair costs 1 - similarity.
        int n = Math.max(rows, columns);
        Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<Integer> left = new LinkedHashSet<>();
        Set<Integer> right = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            graph.addVertex(i);
            left.add(i);
            graph.addVertex(n + i);
            right.add(n + i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i < rows && j < columns ? similarity[i][j] : 0;
                graph.setEdgeWeight(graph.addEdge(i, n + j), 1 - s);
            }
        }
        MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching =
                new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, left, right).getMatching();
        for (DefaultWeightedEdge edge : matching.getEdges()) {
            int a = graph.getEdgeSource(edge);
            int b = graph.getEdgeTarget(edge);
            int row = Math.min(a, b);
            int column = Math.max(a, b) - n;
            if (row < rows && column < columns && similarity[row][column] > 0) {
                paired[row] = column;
            }
        }
        return paired;
    }
}
