package io.medextract.handlers.prompts;

import java.nio.file.Path;
import java.util.List;

/**
 * The synth-time entry point for the construct, which loads this class from the embedded handlers jar in an
 * isolated class loader (the handlers never join the user's classpath). Only JDK types cross that boundary.
 * It applies exactly the checks the extract function applies when it loads the templates, with the
 * structured-output limits always on: a template must stay usable when the model is switched to one with
 * structured output (every default model has it).
 */
public final class UserPromptTemplateCheck {

    private UserPromptTemplateCheck() {}

    /**
     * Problems with the labels: a {@code labelVersions} entry that names no deployed version, or a
     * {@code promptLabel} that resolves to no version. {@code directory} may be null (no user templates).
     */
    public static List<String> labelProblems(Path directory, java.util.Map<String, String> labelVersions,
                                             String promptLabel) {
        try {
            PromptRegistry registry = PromptRegistry.load(directory, true).withLabelDefaults(labelVersions);
            if (registry.defaultVersionFor(promptLabel).isEmpty()) {
                return List.of("promptLabel '" + promptLabel + "' points at no prompt version; labels with a"
                        + " version: " + String.join(", ", new java.util.TreeSet<>(registry.labels()))
                        + " (give it one with promptLabelVersions)");
            }
            return List.of();
        } catch (InvalidPromptTemplatesException e) {
            return e.problems();
        }
    }

    /** One line per problem, each naming the file and the rule; empty when every template is usable. */
    public static List<String> problems(Path directory) {
        try {
            PromptRegistry.load(directory, true);
            return List.of();
        } catch (InvalidPromptTemplatesException e) {
            return e.problems();
        }
    }
}
