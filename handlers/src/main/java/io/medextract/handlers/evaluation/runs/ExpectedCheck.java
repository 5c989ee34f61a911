package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.evaluation.scoring.ExtractionScorer;
import io.medextract.handlers.prompts.PromptTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an expected extraction can be scored against a template: the scoring library's rules (the template's
 * JSON schema, and filled dates and ICD-10 codes readable as such). Problems name JSON paths and rules only, never
 * values.
 */
public final class ExpectedCheck {

    private final Map<String, ExtractionScorer> scorers = new ConcurrentHashMap<>();

    public List<String> problems(PromptTemplate template, JsonNode expected) {
        return scorers.computeIfAbsent(template.id(), id -> new ExtractionScorer(template.schema(), template.evaluation()))
                .validateExpected(expected);
    }
}
