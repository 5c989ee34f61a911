package io.medextract.tests.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The Bedrock fake rejects what Bedrock documents as invalid, one rule per request, and the real SDK client
 * sees the same ValidationException it would get from AWS.
 */
class BedrockConverseFakeContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

    private static BedrockConverseFake fake;
    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void start() {
        fake = new BedrockConverseFake();
        bedrock = new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of("bedrock", fake.endpoint()))).bedrock();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    // ---- structured output schema limits ----

    @Test
    void theTemplatesShippedBeforeIssue8AreRejectedAsBedrockWould() throws Exception {
        JsonNode oldSchema = resource("/prompts-before-issue-8/clinical-summary@1.json").get("schema");
        assertRejected(structured(oldSchema), "too many parameters with union types (20 parameters");
        assertRejected(strictTool(oldSchema, true), "too many parameters with union types (20 parameters");
        // Without strict, tool schemas are not compiled to a grammar and the limits do not apply.
        assertThat(bedrock.converse(strictTool(oldSchema, false)).stopReasonAsString()).isEqualTo("tool_use");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clinical-summary@1.json", "clinical-summary@2.json"})
    void theShippedTemplatesAreAccepted(String file) throws Exception {
        JsonNode schema = resource("/io/medextract/prompts/" + file).get("schema");
        ConverseResponse answer = bedrock.converse(structured(schema));
        assertThat(answer.stopReasonAsString()).isEqualTo("end_turn");
        assertThat(JSON.readTree(answer.output().message().content().get(0).text()).at("/patient/name").asText())
                .isEqualTo("Fake Patient");
        assertThat(bedrock.converse(strictTool(schema, true)).stopReasonAsString()).isEqualTo("tool_use");
    }

    @Test
    void twentyFiveOptionalParametersAreRejected() throws Exception {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            properties.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":{\"type\":\"string\"}");
        }
        assertRejected(structured(JSON.readTree("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                + properties + "}}")), "too many optional parameters (25)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\"}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":0}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\",\"maxLength\":20}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":3}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"phone\"}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"enum\":[{\"x\":1}]}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"$ref\":\"https://example.org/a.json\"}}}",
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],\"properties\":{\"a\":{\"$ref\":\"#\"}}}"})
    void unsupportedSchemaConstructsAreRejected(String schema) throws Exception {
        assertRejected(structured(JSON.readTree(schema)), "JSON schema is not supported");
    }

    // ---- content blocks (Converse API reference) ----

    @ParameterizedTest
    @ValueSource(strings = {"clinical_document", "note.txt", "two  spaces", ""})
    void documentNamesOutsideTheAllowedCharactersAreRejected(String name) {
        assertRejected(request(List.of(document(name, "txt", text("Patient: A")), instruction())),
                "document name");
    }

    @Test
    void aDocumentNameOf201CharactersIsRejectedAnd200Accepted() {
        assertRejected(request(List.of(document("a".repeat(201), "txt", text("x")), instruction())), "document name");
        assertThat(bedrock.converse(request(List.of(document("(scan) [1] " + "a".repeat(189), "txt", text("x")),
                instruction()))).stopReasonAsString()).isEqualTo("end_turn");
    }

    @Test
    void unknownDocumentAndImageFormatsAreRejected() {
        assertRejected(request(List.of(document("clinical-document", "rtf", text("x")), instruction())),
                "'document.format'");
        assertRejected(request(List.of(image("bmp", png(10, 10)), instruction())), "'image.format'");
    }

    @Test
    void atMostFiveDocumentsPerMessage() {
        List<ContentBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            blocks.add(document("page " + i, "txt", text("x")));
        }
        blocks.add(instruction());
        assertRejected(request(blocks), "up to 5 documents");
        assertThat(bedrock.converse(request(blocks.subList(1, 7))).stopReasonAsString()).isEqualTo("end_turn");
    }

    @Test
    void atMostTwentyImagesPerMessageAndSeveralImagesAreAnswered() {
        List<ContentBlock> blocks = new ArrayList<>();
        byte[] page = png(40, 60);
        for (int i = 0; i < 21; i++) {
            blocks.add(image("png", page));
        }
        blocks.add(instruction());
        assertRejected(request(blocks), "up to 20 images");
        ConverseResponse answer = bedrock.converse(request(blocks.subList(1, 22)));
        assertThat(answer.stopReasonAsString()).isEqualTo("end_turn");
        assertThat(fake.calls().get(fake.calls().size() - 1).documentFormat()).isEqualTo("image:png");
    }

    @Test
    void aDocumentAbove4Point5MegabytesIsRejected() {
        assertRejected(request(List.of(document("big", "txt", new byte[4_500_001]), instruction())), "4.5 MB");
    }

    @Test
    void anImageAbove3Point75MegabytesIsRejected() {
        byte[] bytes = new byte[3_750_001];
        byte[] header = png(10, 10);
        System.arraycopy(header, 0, bytes, 0, header.length);
        assertRejected(request(List.of(image("png", bytes), instruction())), "3.75 MB");
    }

    @Test
    void anImageWiderOrTallerThan8000PixelsIsRejected() {
        assertRejected(request(List.of(image("png", png(8001, 2)), instruction())), "8001x2 pixels");
        assertRejected(request(List.of(image("png", png(2, 8001)), instruction())), "2x8001 pixels");
        assertThat(bedrock.converse(request(List.of(image("png", png(8000, 2)), instruction())))
                .stopReasonAsString()).isEqualTo("end_turn");
    }

    @Test
    void aDocumentNeedsATextBlockBesideIt() {
        assertRejected(request(List.of(document("clinical-document", "txt", text("x")))), "text content block");
    }

    @Test
    void imagesAndDocumentsAreOnlyAllowedInUserMessages() {
        Message user = Message.builder().role(ConversationRole.USER).content(instruction()).build();
        for (ContentBlock block : List.of(image("png", png(5, 5)),
                document("clinical-document", "txt", text("x")))) {
            Message assistant = Message.builder().role(ConversationRole.ASSISTANT)
                    .content(block, ContentBlock.fromText("noted")).build();
            assertRejected(ConverseRequest.builder().modelId(MODEL).messages(user, assistant,
                    Message.builder().role(ConversationRole.USER).content(instruction()).build()).build(),
                    "only supported in user messages");
        }
    }

    // ---- helpers ----

    private static void assertRejected(ConverseRequest request, String messagePart) {
        int before = fake.answered();
        assertThatThrownBy(() -> bedrock.converse(request))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).containsIgnoringCase(messagePart);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-ErrorType"))
                            .hasValueSatisfying(h -> assertThat(h).startsWith("ValidationException"));
                });
        assertThat(fake.answered()).isEqualTo(before);
    }

    private static ConverseRequest structured(JsonNode schema) {
        return request(List.of(document("clinical-document", "txt", text("Patient: Fake Patient")), instruction()))
                .toBuilder().outputConfig(o -> o.textFormat(f -> f.type(OutputFormatType.JSON_SCHEMA)
                        .structure(s -> s.jsonSchema(j -> j.name("clinical_summary").schema(schema.toString())))))
                .build();
    }

    private static ConverseRequest strictTool(JsonNode schema, boolean strict) {
        return request(List.of(document("clinical-document", "txt", text("Patient: Fake Patient")), instruction()))
                .toBuilder().toolConfig(t -> t.tools(Tool.fromToolSpec(s -> s.name("record_extraction")
                                .strict(strict)
                                .inputSchema(ToolInputSchema.fromJson(document(schema)))))
                        .toolChoice(c -> c.tool(x -> x.name("record_extraction"))))
                .build();
    }

    private static ConverseRequest request(List<ContentBlock> blocks) {
        return ConverseRequest.builder().modelId(MODEL)
                .messages(Message.builder().role(ConversationRole.USER).content(blocks).build())
                .build();
    }

    /** Tool schemas travel as SDK documents; built here so the test does not borrow the handlers' converter. */
    private static Document document(JsonNode node) {
        if (node.isObject()) {
            Map<String, Document> members = new java.util.LinkedHashMap<>();
            node.fields().forEachRemaining(e -> members.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(members);
        }
        if (node.isArray()) {
            List<Document> items = new ArrayList<>();
            node.forEach(n -> items.add(document(n)));
            return Document.fromList(items);
        }
        if (node.isTextual()) {
            return Document.fromString(node.asText());
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.asBoolean());
        }
        if (node.isNumber()) {
            return Document.fromNumber(node.decimalValue());
        }
        return Document.fromNull();
    }

    private static ContentBlock instruction() {
        return ContentBlock.fromText("Extract the clinical facts.");
    }

    private static ContentBlock document(String name, String format, byte[] bytes) {
        return ContentBlock.fromDocument(DocumentBlock.builder().name(name).format(format)
                .source(s -> s.bytes(SdkBytes.fromByteArray(bytes))).build());
    }

    private static ContentBlock image(String format, byte[] bytes) {
        return ContentBlock.fromImage(ImageBlock.builder().format(format)
                .source(s -> s.bytes(SdkBytes.fromByteArray(bytes))).build());
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = BedrockConverseFakeContractTest.class.getResourceAsStream(path)) {
            return JSON.readTree(in);
        }
    }
}
