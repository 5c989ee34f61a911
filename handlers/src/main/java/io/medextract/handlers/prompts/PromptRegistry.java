package io.medextract.handlers.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every prompt template this function knows: the ones shipped in the jar (listed in
 * {@code io/medextract/prompts/index.json}) plus user templates from a directory (the construct's
 * {@code promptTemplatesDirectory} prop, deployed as a Lambda layer under {@code /opt/medextract/prompts}).
 * A user template may not redefine a shipped id: versions are immutable.
 */
public final class PromptRegistry {

    public static final Path DEFAULT_USER_DIRECTORY = Path.of("/opt/medextract/prompts");
    private static final String INDEX = "/io/medextract/prompts/index.json";

    private final Map<String, PromptTemplate> templates;
    private final Map<String, String> defaultLabels;

    private PromptRegistry(Map<String, PromptTemplate> templates, Map<String, String> defaultLabels) {
        this.templates = Map.copyOf(templates);
        this.defaultLabels = Map.copyOf(defaultLabels);
    }

    public static PromptRegistry load(Path userDirectory) {
        JsonNode index = readResource(INDEX);
        Map<String, PromptTemplate> templates = new LinkedHashMap<>();
        for (JsonNode file : index.path("templates")) {
            PromptTemplate t = parse(readResource("/io/medextract/prompts/" + file.asText()));
            templates.put(t.id(), t);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        index.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        if (userDirectory != null && Files.isDirectory(userDirectory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(userDirectory, "*.json")) {
                for (Path file : files) {
                    PromptTemplate t = parse(Json.mapper().readTree(file.toFile()));
                    if (templates.containsKey(t.id())) {
                        throw new IllegalStateException("prompt template " + t.id() + " in " + file
                                + " redefines a shipped version; publish it as a new version");
                    }
                    templates.put(t.id(), t);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new PromptRegistry(templates, labels);
    }

    public Optional<PromptTemplate> find(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    /** The version a label points at when no one has moved it (shipped default). */
    public Optional<String> defaultVersionFor(String label) {
        return Optional.ofNullable(defaultLabels.get(label));
    }

    public java.util.Set<String> ids() {
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
                node.get("schema"));
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
