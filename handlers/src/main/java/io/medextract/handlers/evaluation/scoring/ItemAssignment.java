package io.medextract.handlers.evaluation.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Pairs expected with extracted list items so that the summed similarity is as large as possible (the
 * Hungarian algorithm, Kuhn-Munkres, from JGraphT), whatever order either list is in. A pair with similarity 0
 * is never made: such items stay unpaired (missing and extra).
 *
 * <p>The algorithm needs a complete square graph, so the problem is first cut to what can matter: items with no
 * possible partner are left out, and when one side has k items only each of its items' k best partners on the
 * other side are kept (an optimal pairing never needs another: one of those k is always free to swap in). An
 * extraction that still lists more than {@link #MAX_OPTIMAL} pairable items (a model repeating itself) is
 * paired greedily, best pair first, to keep time and memory bounded.
 */
final class ItemAssignment {

    /** Largest side solved optimally: the graph has this many squared edges. */
    static final int MAX_OPTIMAL = 200;

    private ItemAssignment() {}

    /**
     * For each row (expected item) the column (extracted item) it is paired with, or -1.
     *
     * @param similarity rows x columns, each in [0, 1]
     */
    static int[] pair(double[][] similarity, int columns) {
        int[] paired = new int[similarity.length];
        Arrays.fill(paired, -1);
        List<Integer> rows = new ArrayList<>();
        Set<Integer> cols = new TreeSet<>();
        for (int i = 0; i < similarity.length; i++) {
            for (int j = 0; j < columns; j++) {
                if (similarity[i][j] > 0) {
                    cols.add(j);
                    if (rows.isEmpty() || rows.get(rows.size() - 1) != i) {
                        rows.add(i);
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return paired;
        }
        List<Integer> keptRows = rows;
        List<Integer> keptCols = new ArrayList<>(cols);
        if (rows.size() < cols.size()) {
            keptCols = bestPartners(rows, keptCols, rows.size(), (r, c) -> similarity[r][c]);
        } else if (cols.size() < rows.size()) {
            keptRows = bestPartners(keptCols, rows, cols.size(), (c, r) -> similarity[r][c]);
        }
        if (Math.max(keptRows.size(), keptCols.size()) > MAX_OPTIMAL
                || Math.min(keptRows.size(), keptCols.size()) == 1) {
            // Best pair first is optimal when one side has a single item, and bounded when both are long.
            return greedy(similarity, keptRows, keptCols, paired);
        }
        return optimal(similarity, keptRows, keptCols, paired);
    }

    private interface Score {
        double of(int mine, int theirs);
    }

    /** The union of each of {@code mine}'s {@code k} most similar items among {@code theirs}, in their order. */
    private static List<Integer> bestPartners(List<Integer> mine, List<Integer> theirs, int k, Score score) {
        Set<Integer> kept = new TreeSet<>();
        for (int m : mine) {
            theirs.stream().filter(t -> score.of(m, t) > 0)
                    .sorted(Comparator.comparingDouble((Integer t) -> -score.of(m, t)).thenComparing(t -> t))
                    .limit(k)
                    .forEach(kept::add);
        }
        return new ArrayList<>(kept);
    }

    private static int[] optimal(double[][] similarity, List<Integer> rows, List<Integer> cols, int[] paired) {
        // Square it up with dummy items: being unpaired costs 1, a pair costs 1 - similarity.
        int n = Math.max(rows.size(), cols.size());
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
                double s = i < rows.size() && j < cols.size() ? similarity[rows.get(i)][cols.get(j)] : 0;
                graph.setEdgeWeight(graph.addEdge(i, n + j), 1 - s);
            }
        }
        MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching =
                new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, left, right).getMatching();
        for (DefaultWeightedEdge edge : matching.getEdges()) {
            int a = graph.getEdgeSource(edge);
            int b = graph.getEdgeTarget(edge);
            int i = Math.min(a, b);
            int j = Math.max(a, b) - n;
            if (i < rows.size() && j < cols.size() && similarity[rows.get(i)][cols.get(j)] > 0) {
                paired[rows.get(i)] = cols.get(j);
            }
        }
        return paired;
    }

    private static int[] greedy(double[][] similarity, List<Integer> rows, List<Integer> cols, int[] paired) {
        List<int[]> candidates = new ArrayList<>();
        for (int i : rows) {
            for (int j : cols) {
                if (similarity[i][j] > 0) {
                    candidates.add(new int[] {i, j});
                }
            }
        }
        candidates.sort(Comparator.comparingDouble((int[] p) -> -similarity[p[0]][p[1]])
                .thenComparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
        Set<Integer> taken = new TreeSet<>();
        for (int[] p : candidates) {
            if (paired[p[0]] < 0 && !taken.contains(p[1])) {
                paired[p[0]] = p[1];
                taken.add(p[1]);
            }
        }
        return paired;
    }
}
