package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.evaluation.scoring.DocumentScore;
import io.medextract.handlers.evaluation.scoring.EvaluationGate;
import io.medextract.handlers.evaluation.scoring.EvaluationSummary;
import io.medextract.handlers.evaluation.scoring.ExtractionScorer;
import io.medextract.handlers.evaluation.scoring.PairedComparison;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.prompts.PromptTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place evaluation runs meet the scoring library ({@code evaluation.scoring}): scores a run's documents,
 * pairs two runs, and applies the promotion gate. A failed extraction is scored as an empty answer: every expected
 * value counts as missing.
 */
public final class RunScoring {

    /**
     * One document of a run: the expected extraction and what the run produced ({@code actual} null when the
     * extraction failed, with {@code failure} its error category).
     */
    public record Case(String documentId, JsonNode expected, JsonNode actual, String failure) {}

    /** A run's scores, document by document in the run's order, and their summary. */
    public record RunScores(List<Case> cases, List<DocumentScore> documentScores, EvaluationSummary summaryScores) {

        public double exactAccuracy() {
            return summaryScores.exactDocumentAccuracy();
        }

        /** What is stored with the run and shown: counts and precision, recall, F1 per field and list, and overall. */
        public Object summary() {
            return summaryScores;
        }

        /** Per document: whether it was entirely right, its overall numbers and the fields that were not. */
        public List<Object> documents() {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                DocumentScore s = documentScores.get(i);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("documentId", cases.get(i).documentId());
                if (cases.get(i).failure() != null) {
                    d.put("extractionFailed", cases.get(i).failure());
                }
                d.put("exactMatch", s.exactMatch());
                d.put("overall", s.overall());
                Map<String, Object> notRight = new LinkedHashMap<>();
                s.fields().forEach((path, f) -> {
                    if (!f.isPerfect()) {
                        notRight.put(path, f);
                    }
                });
                s.lists().forEach((path, f) -> {
                    if (!f.isPerfect()) {
                        notRight.put(path + " (items)", f);
                    }
                });
                d.put("notRight", notRight);
                out.add(d);
            }
            return out;
        }
    }

    /** A paired comparison of two runs over the same documents. */
    public record Comparison(PairedComparison paired) {

        /** Which run is better: the one McNemar or the paired bootstrap finds significantly ahead, else neither. */
        public String better() {
            boolean accuracy = paired.mcNemarPValue() < ALPHA;
            boolean f1 = paired.f1DifferencePValue() < ALPHA;
            double direction = accuracy ? paired.accuracyDifference() : f1 ? paired.f1Difference() : 0;
            return direction > 0 ? "candidate" : direction < 0 ? "baseline" : "neither";
        }

        public Map<String, Object> describe() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("better", better());
            body.put("documents", paired.documents());
            Map<String, Object> mcNemar = new LinkedHashMap<>();
            mcNemar.put("baselineAccuracy", paired.baselineAccuracy());
            mcNemar.put("candidateAccuracy", paired.candidateAccuracy());
            mcNemar.put("onlyBaselineExact", paired.onlyBaselineExact());
            mcNemar.put("onlyCandidateExact", paired.onlyCandidateExact());
            mcNemar.put("pValue", paired.mcNemarPValue());
            mcNemar.put("exact", paired.mcNemarExact());
            body.put("exactDocuments", mcNemar);
            Map<String, Object> bootstrap = new LinkedHashMap<>();
            bootstrap.put("baselineF1", paired.baselineF1());
            bootstrap.put("candidateF1", paired.candidateF1());
            bootstrap.put("difference", paired.f1Difference());
            bootstrap.put("interval", List.of(paired.f1DifferenceLow(), paired.f1DifferenceHigh()));
            bootstrap.put("confidence", paired.confidence());
            bootstrap.put("pValue", paired.f1DifferencePValue());
            bootstrap.put("resamples", paired.resamples());
            body.put("overallF1", bootstrap);
            body.put("alpha", ALPHA);
            return body;
        }
    }

    /** Whether a candidate may replace a baseline, and why (one sentence per rule). */
    public record GateDecision(boolean passes, List<String> reasons) {}

    /** Significance level at which a comparison names a better run. */
    static final double ALPHA = 0.05;

    public RunScores score(PromptTemplate template, List<Case> cases) {
        ExtractionScorer scorer = new ExtractionScorer(template.schema(), template.evaluation());
        List<DocumentScore> scores = new ArrayList<>();
        for (Case c : cases) {
            scores.add(scorer.score(c.expected(), c.actual() == null ? Json.mapper().createObjectNode() : c.actual()));
        }
        return new RunScores(List.copyOf(cases), List.copyOf(scores), EvaluationSummary.of(scores));
    }

    public Comparison compare(RunScores baseline, RunScores candidate) {
        return new Comparison(PairedComparison.of(baseline.documentScores(), candidate.documentScores()));
    }

    /** The gate: refuses a drop of more than {@code maxRegression} in overall F1 or in exact-document accuracy. */
    public GateDecision gate(RunScores baseline, RunScores candidate, double maxRegression) {
        EvaluationGate.Decision d = new EvaluationGate(maxRegression, maxRegression)
                .decide(compare(baseline, candidate).paired());
        return new GateDecision(d.passed(), d.reasons());
    }
}
