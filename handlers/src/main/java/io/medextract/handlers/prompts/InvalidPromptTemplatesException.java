package io.medextract.handlers.prompts;

import java.util.List;

/** Prompt templates that cannot be used, each problem naming its file and the rule it breaks. */
public final class InvalidPromptTemplatesException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public InvalidPromptTemplatesException(List<String> problems) {
        super("invalid prompt templates:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
