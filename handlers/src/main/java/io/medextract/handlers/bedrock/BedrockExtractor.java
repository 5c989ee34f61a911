package io.medextract.handlers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.prompts.PromptTemplate;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import io.medextract.handlers.aws.SdkClients;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import io.medextract.handlers.models.ModelCapabilities;

/**
 * One Converse call per document: the document goes in as {@link ModelInput} prepares it, the answer is held
 * to the template's schema with structured output (models in {@link ModelCapabilities}) or forced tool use
 * (every other model).
 */
public final class BedrockExtractor {

    static final String TOOL_NAME = "record_extraction";
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 424, 429, 500, 502, 503, 504);

    private final Supplier<BedrockRuntimeClient> clients;
    private final ModelCapabilities capabilities;
    private BedrockRuntimeClient bedrock;

    public BedrockExtractor(BedrockRuntimeClient bedrock, ModelCapabilities capabilities) {
        this(() -> bedrock, capabilities);
    }

    /** @param clients called once, on the first model call: API requests to the extract function never need it */
    public BedrockExtractor(Supplier<BedrockRuntimeClient> clients, ModelCapabilities capabilities) {
        this.clients = clients;
        this.capabilities = capabilities;
    }

    /** Retries are ours ({@code BedrockRetryPolicy}), so the client makes exactly one attempt per call. */
    public static BedrockRuntimeClient client(SdkClients sdk, SdkHttpClient http) {
        return sdk.configure(BedrockRuntimeClient.builder(), "bedrock", http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(SdkClients.BEDROCK_READ_TIMEOUT)
                        .build())
                .build();
    }

    private synchronized BedrockRuntimeClient bedrock() {
        if (bedrock == null) {
            bedrock = clients.get();
        }
        return bedrock;
    }

    /**
     * One Converse call with the document already prepared (retries then do not render a scanned PDF again),
     * cut off after {@code timeout} (null: the client's own limit) so a slow answer never outlives the
     * invocation that waits for it.
     */
    public ModelAnswer extract(PromptTemplate template, String modelId, ModelInput input, Duration timeout) {
        boolean structured = capabilities.supportsStructuredOutput(modelId);
        ConverseRequest.Builder request = ConverseRequest.builder()
                .modelId(modelId)
                .system(SystemContentBlock.fromText(template.system()))
                .messages(Message.builder()
                        .role(ConversationRole.USER)
                        .content(input.withInstruction(template.instruction()))
                        .build())
                .inferenceConfig(c -> c.maxTokens(template.maxTokens()).temperature(0f));
        if (structured) {
            request.outputConfig(OutputConfig.builder().textFormat(OutputFormat.builder()
                    .type(OutputFormatType.JSON_SCHEMA)
                    .structure(OutputFormatStructure.builder().jsonSchema(JsonSchemaDefinition.builder()
                            .name(template.name().replace('-', '_'))
                            .description(template.description())
                            .schema(Json.write(template.schema()))
                            .build()).build())
                    .build()).build());
        } else {
            request.toolConfig(ToolConfiguration.builder()
                    .tools(Tool.fromToolSpec(ToolSpecification.builder()
                            .name(TOOL_NAME)
                            .description("Record the facts extracted from the clinical document")
                            .inputSchema(ToolInputSchema.fromJson(SdkDocuments.fromJson(template.schema())))
                            .build()))
                    .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name(TOOL_NAME).build()))
                    .build());
        }
        long started = System.nanoTime();
        if (timeout != null) {
            request.overrideConfiguration(o -> o.apiCallTimeout(timeout));
        }
        ConverseResponse response = call(request.build());
        long latency = response.metrics() != null && response.metrics().latencyMs() != null
                ? response.metrics().latencyMs()
                : (System.nanoTime() - started) / 1_000_000;
        JsonNode output = structured ? jsonFromText(response) : jsonFromToolUse(response);
        long in = response.usage() == null ? 0 : response.usage().inputTokens();
        long out = response.usage() == null ? 0 : response.usage().outputTokens();
        return new ModelAnswer(output, output == null, response.stopReasonAsString(), in, out, latency,
                input.sentAs());
    }

    private ConverseResponse call(ConverseRequest request) {
        try {
            return bedrock().converse(request);
        } catch (AccessDeniedException e) {
            throw BedrockCallFailure.permanent(ErrorCategory.MODEL_ACCESS_DENIED,
                    "Bedrock denied access to the model: enable model access and check the role", e);
        } catch (ResourceNotFoundException e) {
            throw BedrockCallFailure.permanent(ErrorCategory.MODEL_NOT_FOUND,
                    "the model or inference profile does not exist in this region", e);
        } catch (ValidationException e) {
            throw BedrockCallFailure.permanent(ErrorCategory.BEDROCK_VALIDATION,
                    "Bedrock rejected the request as invalid", e);
        } catch (BedrockRuntimeException e) {
            if (RETRYABLE_STATUS.contains(e.statusCode())) {
                throw BedrockCallFailure.retryable("Bedrock answered " + e.statusCode(), e);
            }
            throw BedrockCallFailure.permanent(ErrorCategory.BEDROCK_VALIDATION,
                    "Bedrock answered " + e.statusCode(), e);
        } catch (SdkClientException e) {
            throw BedrockCallFailure.retryable("Bedrock could not be reached", e);
        }
    }

    private static JsonNode jsonFromText(ConverseResponse response) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : response.output().message().content()) {
            if (block.text() != null) {
                text.append(block.text());
            }
        }
        try {
            JsonNode node = Json.mapper().readTree(text.toString());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode jsonFromToolUse(ConverseResponse response) {
        for (ContentBlock block : response.output().message().content()) {
            if (block.toolUse() != null && TOOL_NAME.equals(block.toolUse().name())) {
                JsonNode node = SdkDocuments.toJson(block.toolUse().input());
                return node.isObject() ? node : null;
            }
        }
        return null;
    }
}
