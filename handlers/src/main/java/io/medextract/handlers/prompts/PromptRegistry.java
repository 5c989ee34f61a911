package io.medextract.handlers.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.medextract.handlers.evaluation.scoring.EvaluationHints;

/**
 * Every prompt template this function knows: the ones shipped in the jar (listed in
 * {@code io/medextract/prompts/index.json}) plus user templates from a directory (the construct's
 * {@code promptTemplatesDirectory} prop, deployed as a Lambda layer under {@code /opt/medextract/prompts}).
 * A user template may not redefine a shipped id: versions are immutable. Loading fails loudly, naming every
 * file and rule at fault, rather than letting each extraction fail later at Bedrock.
 */
public final class PromptRegistry {

    /** A compile-time constant, so reading it does not load this class (cold start of functions without prompts). */
    public static final String DEFAULT_USER_DIRECTORY_NAME = "/opt/medextract/prompts";
    public static final Path DEFAULT_USER_DIRECTORY = Path.of(DEFAULT_USER_DIRECTORY_NAME);
    private static final String SHIPPED = "/io/medextract/prompts/";
    private static final String INDEX = SHIPPED + "index.json";

    private final Map<String, PromptTemplate> templates;
    private final Map<String, String> defaultLabels;

    private PromptRegistry(Map<String, PromptTemplate> templates, Map<String, String> defaultLabels) {
        this.templates = Map.copyOf(templates);
        this.defaultLabels = Map.copyOf(defaultLabels);
    }

    /**
     * The shipped templates plus the user's from {@code userDirectory}, checked against the structured-output
     * limits when the function's model gets structured output.
     */
    public static PromptRegistry forModel(Path userDirectory, io.medextract.handlers.models.ModelCapabilities capabilities,
                                          String modelId, String labelVersionsJson) {
        PromptRegistry registry = load(userDirectory, capabilities.supportsStructuredOutput(modelId));
        return labelVersionsJson == null ? registry : registry.withLabelDefaults(labelVersions(labelVersionsJson));
    }

    /** {"production": "referral-letter@1"}, as the construct writes PROMPT_LABEL_VERSIONS. */
    static Map<String, String> labelVersions(String json) {
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            Json.mapper().readTree(json).fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            throw new IllegalStateException("PROMPT_LABEL_VERSIONS is not a JSON object", e);
        }
        return versions;
    }

    /**
     * @param structuredOutput whether the templates will be sent as Converse structured output (or strict tool
     *                         schemas): then each schema must keep {@link StructuredOutputSchemaRules}
     * @throws InvalidPromptTemplatesException listing every broken file with its rule
     */
    public static PromptRegistry load(Path userDirectory, boolean structuredOutput) {
        List<String> problems = new ArrayList<>();
        Map<String, PromptTemplate> templates = new LinkedHashMap<>();
        JsonNode index = readResource(INDEX);
        for (JsonNode file : index.path("templates")) {
            String name = file.asText();
            accept(name, readResource(SHIPPED + name), structuredOutput, templates, problems);
        }
        Set<String> shipped = Set.copyOf(templates.keySet());
        Map<String, String> labels = new LinkedHashMap<>();
        index.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        if (userDirectory != null && Files.isDirectory(userDirectory)) {
            for (Path file : jsonFiles(userDirectory)) {
                String fileName = file.getFileName().toString();
                JsonNode node = readUserFile(file, problems);
                if (node == null) {
                    continue;
                }
                String declared = node.path("name").asText() + "@" + node.path("version").asText();
                if (shipped.contains(declared)) {
                    problems.add(file + ": prompt template " + declared
                            + " redefines a shipped version; publish it as a new version");
                } else if (!fileName.equals(declared + ".json")) {
                    // One file per id: a file named after another id would silently duplicate or shadow it.
                    problems.add(file + ": declares " + declared + " but is named " + fileName
                            + "; name the file " + declared + ".json");
                } else {
                    accept(file.toString(), node, structuredOutput, templates, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPromptTemplatesException(problems);
        }
        return new PromptRegistry(templates, labels);
    }

    private static void accept(String source, JsonNode node, boolean structuredOutput,
                               Map<String, PromptTemplate> templates, List<String> problems) {
        PromptTemplate template;
        try {
            template = parse(node);
        } catch (IllegalArgumentException e) {
            problems.add(source + ": " + e.getMessage());
            return;
        }
        if (templates.containsKey(template.id())) {
            problems.add(source + ": defines " + template.id() + " a second time");
            return;
        }
        for (String hint : EvaluationHints.problems(template.schema(), template.evaluation())) {
            problems.add(source + ": " + hint);
        }
        if (structuredOutput) {
            for (StructuredOutputSchemaRules.Violation v : StructuredOutputSchemaRules.check(template.schema())) {
                problems.add(source + ": schema breaks a structured-output limit at " + v.path() + ": " + v.rule());
            }
        }
        templates.put(template.id(), template);
    }

    private static List<Path> jsonFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(new TreeSet<>(files));
    }

    private static JsonNode readUserFile(Path file, List<String> problems) {
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            if (node == null || !node.isObject()) {
                problems.add(file + ": not a JSON object");
                return null;
            }
            List<String> formatProblems = TemplateFileFormat.violations(node);
            if (!formatProblems.isEmpty()) {
                formatProblems.forEach(p -> problems.add(file + ": " + p));
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            problems.add(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            return null;
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * This registry with {@code labelVersions} laid over the shipped label defaults: where each label points
     * until an experiment promotion moves it (the construct's {@code promptLabelVersions} prop).
     *
     * @throws InvalidPromptTemplatesException when a label would point at a version that is not deployed
     */
    public PromptRegistry withLabelDefaults(Map<String, String> labelVersions) {
        List<String> problems = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>(defaultLabels);
        labelVersions.forEach((label, version) -> {
            if (!templates.containsKey(version)) {
                problems.add("prompt label '" + label + "' points at " + version + ", which is not deployed;"
                        + " deployed: " + String.join(", ", templates.keySet()));
            }
            labels.put(label, version);
        });
        if (!problems.isEmpty()) {
            throw new InvalidPromptTemplatesException(problems);
        }
        return new PromptRegistry(templates, labels);
    }

    /** Every label with a default version (shipped or given). */
    public Set<String> labels() {
        return defaultLabels.keySet();
    }

    public Optional<PromptTemplate> find(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    /** The version a label points at when no one has moved it (shipped default). */
    public Optional<String> defaultVersionFor(String label) {
        return Optional.ofNullable(defaultLabels.get(label));
    }

    public Set<String> ids() {
        return templates.keySet();
    }

    static PromptTemplate parse(JsonNode node) {
        return new PromptTemplate(
                node.path("name").asText(),
                node.path("version").asInt(),
                node.path("description").asText(""),
                node.path("system").asText(),
                node.path("instruction").asText(),
                node.path("maxTokens").asInt(4096),
                node.get("schema"),
                node.get("evaluation"));
    }

    private static JsonNode readResource(String path) {
        try (InputStream in = PromptRegistry.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
