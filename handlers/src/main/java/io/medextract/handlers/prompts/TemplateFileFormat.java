package io.medextract.handlers.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.medextract.handlers.quality.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The documented format of a prompt template file ({@code prompt-template.schema.json} beside the shipped
 * templates, linked from API.md): one definition that users read and that loading enforces, so a misspelt
 * member or a string where a number belongs is named at synth instead of silently defaulted.
 */
final class TemplateFileFormat {

    static final String RESOURCE = "/io/medextract/prompts/prompt-template.schema.json";
    private static final JsonSchema SCHEMA = load();

    private TemplateFileFormat() {}

    /** JSON path and rule of each way {@code file} breaks the format; empty when it keeps it. */
    static List<String> violations(JsonNode file) {
        return SCHEMA.validate(file).stream()
                .map(m -> "template format: " + m.getInstanceLocation() + " " + m.getMessage()
                        .replaceFirst("^\\$[^:]*: ", ""))
                .sorted()
                .toList();
    }

    private static JsonSchema load() {
        try (InputStream in = TemplateFileFormat.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return JsonSchemas.compile(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
