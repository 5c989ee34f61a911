package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.quality.SchemaCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an expected extraction can be scored against a template: it must satisfy the template's JSON schema
 * (as model output must). Problems name JSON paths and rules only, never values.
 */
public final class ExpectedCheck {

    private final SchemaCheck schemaCheck = new SchemaCheck();

    public List<String> problems(PromptTemplate template, JsonNode expected) {
        return new ArrayList<>(schemaCheck.violations(template.id(), template.schema(), expected));
    }
}
