package io.medextract.handlers.evaluation.scoring;

import io.medextract.handlers.stats.McNemarTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two runs (baseline and candidate: prompt versions or models) scored on the same documents in the same order,
 * compared pair by pair so that how hard each document is cancels out.
 *
 * <p>Exact-document correctness: McNemar's test on the discordant documents ({@link McNemarTest}: exact binomial
 * below 25 of them). Overall F1: a seeded paired bootstrap of the candidate-minus-baseline difference
 * ({@link PairedBootstrap}) with its percentile interval and p-value.
 *
 * @param onlyBaselineExact  documents the baseline got entirely right and the candidate did not
 * @param onlyCandidateExact documents the candidate got entirely right and the baseline did not
 * @param mcNemarExact       whether {@code mcNemarPValue} is the exact binomial one
 * @param f1Difference       candidate F1 minus baseline F1 (overall, micro-averaged)
 */
public record PairedComparison(
        int documents,
        double baselineAccuracy,
        double candidateAccuracy,
        int onlyBaselineExact,
        int onlyCandidateExact,
        double mcNemarPValue,
        boolean mcNemarExact,
        double baselineF1,
        double candidateF1,
        double f1Difference,
        double f1DifferenceLow,
        double f1DifferenceHigh,
        double f1DifferencePValue,
        double confidence,
        int resamples,
        long seed) {

    public static final int DEFAULT_RESAMPLES = 2000;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** Fixed, so the same scores always give the same interval and p-value. */
    public static final long DEFAULT_SEED = 13L;

    /** Candidate accuracy minus baseline accuracy (share of documents entirely right). */
    public double accuracyDifference() {
        return candidateAccuracy - baselineAccuracy;
    }

    public static PairedComparison of(List<DocumentScore> baseline, List<DocumentScore> candidate) {
        return of(baseline, candidate, DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED);
    }

    /**
     * The comparison on the documents both runs scored, paired by document id (in id order, so the result does
     * not depend on the maps' order); documents only one run scored are left out.
     *
     * @throws IllegalArgumentException when the runs have no document in common
     */
    public static PairedComparison ofDocuments(Map<String, DocumentScore> baseline,
                                               Map<String, DocumentScore> candidate) {
        List<DocumentScore> b = new ArrayList<>();
        List<DocumentScore> c = new ArrayList<>();
        for (String id : new TreeSet<>(baseline.keySet())) {
            if (candidate.containsKey(id)) {
                b.add(baseline.get(id));
                c.add(candidate.get(id));
            }
        }
        return of(b, c);
    }

    /**
     * @throws IllegalArgumentException when the lists are empty or differ in length (not the same documents)
     */
    public static PairedComparison of(List<DocumentScore> baseline, List<DocumentScore> candidate, int resamples,
                                      double confidence, long seed) {
        if (baseline.isEmpty() || baseline.size() != candidate.size()) {
            throw new IllegalArgumentException("a paired comparison needs scores of the same documents in both runs;"
                    + " got " + baseline.size() + " baseline and " + candidate.size() + " candidate scores");
        }
        if (resamples < 100 || confidence <= 0 || confidence >= 1) {
            throw new IllegalArgumentException("resamples must be at least 100 and confidence between 0 and 1");
        }
        int onlyBaseline = 0;
        int onlyCandidate = 0;
        for (int i = 0; i < baseline.size(); i++) {
            boolean b = baseline.get(i).exactMatch();
            boolean c = candidate.get(i).exactMatch();
            if (b && !c) {
                onlyBaseline++;
            } else if (c && !b) {
                onlyCandidate++;
            }
        }
        McNemarTest.Result mcNemar = McNemarTest.test(onlyBaseline, onlyCandidate);
        EvaluationSummary base = EvaluationSummary.of(baseline);
        EvaluationSummary cand = EvaluationSummary.of(candidate);
        PairedBootstrap.Result f1 = PairedBootstrap.f1Difference(baseline, candidate, resamples, confidence, seed);
        return new PairedComparison(baseline.size(), base.exactDocumentAccuracy(), cand.exactDocumentAccuracy(),
                onlyBaseline, onlyCandidate, mcNemar.pValue(), mcNemar.exact(), base.overall().f1(),
                cand.overall().f1(), f1.difference(), f1.low(), f1.high(), f1.pValue(), confidence, resamples, seed);
    }
}
