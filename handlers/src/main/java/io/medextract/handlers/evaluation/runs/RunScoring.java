package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.prompts.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The one place evaluation runs meet the scoring library: scores a run's documents, pairs two runs, and
 * applies the promotion gate.
 */
public final class RunScoring {

    /**
     * One document of a run: the expected extraction and what the run produced ({@code actual} null when the
     * extraction failed, with {@code failure} its error category).
     */
    public record Case(String documentId, JsonNode expected, JsonNode actual, String failure) {}

    /** A run's scores: what is stored and shown, and what comparisons need. */
    public interface RunScores {
        Object summary();

        double exactAccuracy();

        List<Object> documents();
    }

    /** A paired comparison of two runs over the same documents. */
    public interface Comparison {
        Map<String, Object> describe();
    }

    /** Whether a candidate may replace a baseline, and why not. */
    public record GateDecision(boolean passes, List<String> reasons) {}

    public RunScores score(PromptTemplate template, List<Case> cases) {
        throw new IllegalStateException("scoring library not merged yet");
    }

    public Comparison compare(RunScores baseline, RunScores candidate) {
        throw new IllegalStateException("scoring library not merged yet");
    }

    public GateDecision gate(RunScores baseline, RunScores candidate, double maxRegression) {
        throw new IllegalStateException("scoring library not merged yet");
    }
}
