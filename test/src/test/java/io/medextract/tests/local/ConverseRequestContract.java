package io.medextract.tests.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What Bedrock checks before it runs a Converse request, written independently of the handlers' own
 * {@code StructuredOutputSchemaRules} so that a test against this fake can catch a mistake there. Each check
 * returns the message of a 400 ValidationException, or nothing. The exact wording of Bedrock's messages is
 * not documented (except where noted); the rules and numbers are.
 */
final class ConverseRequestContract {

    // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html
    /** name: 1-200 chars; alphanumerics, whitespace (never two in a row), hyphens, parentheses, square brackets. */
    static final Pattern DOCUMENT_NAME = Pattern.compile("(?!.*\\s\\s)[A-Za-z0-9\\s\\-()\\[\\]]{1,200}");
    static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
    static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
    static final int MAX_DOCUMENTS_PER_MESSAGE = 5;
    static final int MAX_IMAGES_PER_MESSAGE = 20;
    /** "4.5 MB" per document; the page does not say 10^6 or 2^20, so the fake takes the smaller reading. */
    static final long MAX_DOCUMENT_BYTES = 4_500_000;
    /** "3.75 MB" per image, read as 10^6-byte megabytes for the same reason. */
    static final long MAX_IMAGE_BYTES = 3_750_000;
    static final int MAX_IMAGE_SIDE_PIXELS = 8000;

    // https://platform.claude.com/docs/en/build-with-claude/structured-outputs ("Schema complexity limits")
    static final int MAX_STRICT_TOOLS = 20;
    static final int MAX_OPTIONAL_PARAMETERS = 24;
    static final int MAX_UNION_PARAMETERS = 16;
    // Same page and https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html (supported subset).
    static final Set<String> FORMATS = Set.of(
            "date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid");
    static final Set<String> CONSTRAINTS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "multipleOf", "minLength", "maxLength", "maxItems", "uniqueItems", "contains", "minContains",
            "maxContains", "prefixItems", "unevaluatedItems", "additionalItems");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConverseRequestContract() {}

    /** The first rule {@code request} breaks, as Bedrock's error message. */
    static Optional<String> violation(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            Optional<String> broken = messageViolation(message);
            if (broken.isPresent()) {
                return broken;
            }
        }
        return schemaViolation(request);
    }

    private static Optional<String> messageViolation(JsonNode message) {
        boolean user = "user".equals(message.path("role").asText());
        int documents = 0;
        int images = 0;
        boolean text = false;
        for (JsonNode block : message.path("content")) {
            text |= block.has("text");
            if (block.has("document")) {
                documents++;
                if (!user) {
                    return Optional.of("Documents are only supported in user messages.");
                }
                Optional<String> broken = documentViolation(block.get("document"));
                if (broken.isPresent()) {
                    return broken;
                }
            }
            if (block.has("image")) {
                images++;
                if (!user) {
                    return Optional.of("Images are only supported in user messages.");
                }
                Optional<String> broken = imageViolation(block.get("image"));
                if (broken.isPresent()) {
                    return broken;
                }
            }
        }
        if (documents > MAX_DOCUMENTS_PER_MESSAGE) {
            return Optional.of("A message can include up to " + MAX_DOCUMENTS_PER_MESSAGE + " documents; found "
                    + documents + ".");
        }
        if (images > MAX_IMAGES_PER_MESSAGE) {
            return Optional.of("A message can include up to " + MAX_IMAGES_PER_MESSAGE + " images; found "
                    + images + ".");
        }
        if (documents > 0 && !text) {
            return Optional.of("A conversation must include a text content block when a document is provided.");
        }
        return Optional.empty();
    }

    private static Optional<String> documentViolation(JsonNode document) {
        String name = document.path("name").asText("");
        if (!DOCUMENT_NAME.matcher(name).matches()) {
            return Optional.of("The document name can only contain alphanumeric characters, whitespace characters"
                    + " (no more than one in a row), hyphens, parentheses, and square brackets, and must be 1 to"
                    + " 200 characters long.");
        }
        String format = document.path("format").asText("");
        if (!DOCUMENT_FORMATS.contains(format)) {
            return Optional.of("1 validation error detected: Value '" + format
                    + "' at 'document.format' failed to satisfy constraint: Member must satisfy enum value set: "
                    + DOCUMENT_FORMATS.stream().sorted().toList());
        }
        long bytes = decodedLength(document.path("source").path("bytes").asText(""));
        if (bytes > MAX_DOCUMENT_BYTES) {
            return Optional.of("The document " + name + " is " + bytes + " bytes; documents may be at most 4.5 MB.");
        }
        return Optional.empty();
    }

    private static Optional<String> imageViolation(JsonNode image) {
        String format = image.path("format").asText("");
        if (!IMAGE_FORMATS.contains(format)) {
            return Optional.of("1 validation error detected: Value '" + format
                    + "' at 'image.format' failed to satisfy constraint: Member must satisfy enum value set: "
                    + IMAGE_FORMATS.stream().sorted().toList());
        }
        byte[] bytes = Base64.getDecoder().decode(image.path("source").path("bytes").asText(""));
        if (bytes.length > MAX_IMAGE_BYTES) {
            return Optional.of("The image is " + bytes.length + " bytes; images may be at most 3.75 MB.");
        }
        int[] size = dimensions(bytes);
        if (size == null) {
            return Optional.of("Could not process image: the bytes are not a readable " + format + " image.");
        }
        if (size[0] > MAX_IMAGE_SIDE_PIXELS || size[1] > MAX_IMAGE_SIDE_PIXELS) {
            return Optional.of("The image is " + size[0] + "x" + size[1] + " pixels; width and height may be at most "
                    + MAX_IMAGE_SIDE_PIXELS + " pixels.");
        }
        return Optional.empty();
    }

    /** Width and height from the image header (ImageIO), or null when no reader understands the bytes. */
    private static int[] dimensions(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static long decodedLength(String base64) {
        return Base64.getDecoder().decode(base64).length;
    }

    // ---- structured output: the output schema plus every strict tool schema, counted together ----

    private static Optional<String> schemaViolation(JsonNode request) {
        List<JsonNode> schemas = new ArrayList<>();
        JsonNode textFormat = request.path("outputConfig").path("textFormat");
        if ("json_schema".equals(textFormat.path("type").asText())) {
            JsonNode schema = textFormat.path("structure").path("jsonSchema").path("schema");
            if (!schema.isTextual()) {
                return Optional.of("outputConfig.textFormat.structure.jsonSchema.schema must be a JSON string.");
            }
            try {
                schemas.add(JSON.readTree(schema.asText()));
            } catch (IOException e) {
                return Optional.of("The provided JSON schema is not valid JSON.");
            }
        }
        int strictTools = 0;
        for (JsonNode tool : request.path("toolConfig").path("tools")) {
            if (tool.path("toolSpec").path("strict").asBoolean(false)) {
                strictTools++;
                schemas.add(tool.path("toolSpec").path("inputSchema").path("json"));
            }
        }
        if (strictTools > MAX_STRICT_TOOLS) {
            return Optional.of("Too many strict tools (" + strictTools + "); the limit is " + MAX_STRICT_TOOLS + ".");
        }
        int unions = 0;
        int optional = 0;
        for (JsonNode root : schemas) {
            SchemaTally tally = SchemaTally.of(root);
            if (tally.problem != null) {
                return Optional.of("The provided JSON schema is not supported: " + tally.problem);
            }
            unions += tally.unions;
            optional += tally.optional;
        }
        // Wording observed in live 400 answers (third-party reports); not in the documentation.
        if (unions > MAX_UNION_PARAMETERS) {
            return Optional.of("Schemas contains too many parameters with union types (" + unions
                    + " parameters with type arrays or anyOf) which exceeds the limit: " + MAX_UNION_PARAMETERS);
        }
        if (optional > MAX_OPTIONAL_PARAMETERS) {
            return Optional.of("Schemas contains too many optional parameters (" + optional + "), which would make"
                    + " grammar compilation inefficient. Reduce the number of optional parameters in your tool"
                    + " schemas (limit: " + MAX_OPTIONAL_PARAMETERS + ").");
        }
        return Optional.empty();
    }

    /** Counts and the first unsupported construct of one schema, found with an explicit work list. */
    private static final class SchemaTally {
        int unions;
        int optional;
        String problem;

        private record Pending(JsonNode node, String where, List<String> expanding) {}

        static SchemaTally of(JsonNode root) {
            SchemaTally tally = new SchemaTally();
            Deque<Pending> work = new ArrayDeque<>();
            work.push(new Pending(root, "#", List.of()));
            while (!work.isEmpty() && tally.problem == null) {
                Pending p = work.pop();
                tally.inspect(root, p, work);
            }
            return tally;
        }

        private void inspect(JsonNode root, Pending p, Deque<Pending> work) {
            JsonNode node = p.node();
            if (!node.isObject()) {
                return;
            }
            JsonNode type = node.path("type");
            if (type.isArray() || node.has("anyOf")) {
                unions++;
            }
            for (String keyword : CONSTRAINTS) {
                if (node.has(keyword)) {
                    problem = "'" + keyword + "' at " + p.where();
                    return;
                }
            }
            if (node.has("minItems") && !Set.of(0, 1).contains(node.get("minItems").asInt(-1))) {
                problem = "minItems other than 0 or 1 at " + p.where();
                return;
            }
            if (node.has("format") && !FORMATS.contains(node.get("format").asText())) {
                problem = "format '" + node.get("format").asText() + "' at " + p.where();
                return;
            }
            for (JsonNode value : node.path("enum")) {
                if (value.isObject() || value.isArray()) {
                    problem = "complex enum value at " + p.where();
                    return;
                }
            }
            boolean object = "object".equals(type.asText()) || type.toString().contains("\"object\"")
                    || node.has("properties");
            if (object && !(node.path("additionalProperties").isBoolean()
                    && !node.path("additionalProperties").booleanValue())) {
                problem = "additionalProperties must be false for object types at " + p.where();
                return;
            }
            List<String> required = new ArrayList<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            node.path("properties").fields().forEachRemaining(property -> {
                if (!required.contains(property.getKey())) {
                    optional++;
                }
                work.push(new Pending(property.getValue(), p.where() + "/properties/" + property.getKey(),
                        p.expanding()));
            });
            if (node.has("items")) {
                work.push(new Pending(node.get("items"), p.where() + "/items", p.expanding()));
            }
            for (String combinator : List.of("anyOf", "allOf")) {
                int i = 0;
                for (JsonNode branch : node.path(combinator)) {
                    work.push(new Pending(branch, p.where() + "/" + combinator + "/" + i++, p.expanding()));
                }
            }
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#")) {
                    problem = "external reference '" + ref + "'";
                } else if (p.expanding().contains(ref)) {
                    problem = "recursive schema through '" + ref + "'";
                } else {
                    List<String> expanding = new ArrayList<>(p.expanding());
                    expanding.add(ref);
                    JsonNode target = ref.length() == 1 ? root : root.at(ref.substring(1));
                    work.push(new Pending(target, ref, List.copyOf(expanding)));
                }
            }
        }
    }
}
