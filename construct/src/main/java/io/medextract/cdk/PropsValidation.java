package io.medextract.cdk;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Synth-time checks whose messages name the prop and the allowed values. */
final class PropsValidation {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    private PropsValidation() {}

    static void range(String prop, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(prop + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void positive(String prop, Number value) {
        if (value != null && value.doubleValue() <= 0) {
            throw new IllegalArgumentException(prop + " must be a positive number, got " + value);
        }
    }

    static void notBlank(String prop, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(prop + " must not be blank");
        }
    }

    static void email(String prop, String value) {
        if (value != null && !EMAIL.matcher(value).matches()) {
            throw new IllegalArgumentException(prop + " must be an e-mail address like oncall@example.org, got '"
                    + value + "'");
        }
    }

    static final Pattern TEMPLATE_FILE = Pattern.compile("[a-z][a-z0-9-]{1,62}@[1-9][0-9]{0,5}\\.json");

    /** The directory must exist and hold only template files named like {@code name@version.json}. */
    static void promptTemplates(String prop, String directory) {
        if (directory == null) {
            return;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(directory);
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(prop + " must be an existing directory, got '" + directory + "'");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException(prop + " '" + directory + "' holds no template files");
            }
            for (String name : names) {
                if (!TEMPLATE_FILE.matcher(name).matches()) {
                    throw new IllegalArgumentException(prop + " may only hold files named <name>@<version>.json,"
                            + " e.g. referral-letter@1.json; found '" + name + "'");
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(prop + " '" + directory + "' cannot be read", e);
        }
        List<String> problems = PromptTemplateCheck.problems(dir.toAbsolutePath());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(prop + " holds templates the extract function would reject:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * Every label must point at a deployed version and {@code promptLabel} must resolve to one: otherwise every
     * extraction would fail at runtime. The shipped default label needs no check (it always has a version).
     */
    static void promptLabels(String templatesDirectory, java.util.Map<String, String> labelVersions, String promptLabel) {
        java.util.Map<String, String> versions = labelVersions == null ? java.util.Map.of() : labelVersions;
        for (java.util.Map.Entry<String, String> e : versions.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("promptLabelVersions needs label -> name@version pairs, got "
                        + e.getKey() + "=" + e.getValue());
            }
        }
        if (versions.isEmpty() && MedExtractPlatformProps.DEFAULT_PROMPT_LABEL.equals(promptLabel)) {
            return;
        }
        java.nio.file.Path dir = templatesDirectory == null ? null : java.nio.file.Path.of(templatesDirectory).toAbsolutePath();
        List<String> problems = PromptTemplateCheck.labelProblems(dir, versions, promptLabel);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    /** Model ids for the structured-output table: no blanks, no commas (the list travels comma separated). */
    static void modelIds(String prop, List<String> modelIds) {
        if (modelIds == null) {
            return;
        }
        for (String id : modelIds) {
            if (id == null || id.isBlank() || id.contains(",") || id.strip().contains(" ")) {
                throw new IllegalArgumentException(prop + " must list Bedrock model ids such as"
                        + " anthropic.claude-sonnet-4-5-20250929-v1:0; got '" + id + "'");
            }
        }
    }

    static void origins(String prop, Collection<String> origins) {
        if (origins == null) {
            return;
        }
        for (String origin : origins) {
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException(prop + " must not contain an empty origin; allowed: '*' or"
                        + " origins like https://app.example.org");
            }
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException(prop + " entries must be '*' or scheme://host[:port] without a"
                        + " path, like https://app.example.org; got '" + origin + "'");
            }
        }
    }
}
