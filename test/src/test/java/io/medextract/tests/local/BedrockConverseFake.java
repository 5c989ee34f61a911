package io.medextract.tests.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process HTTP server speaking the Bedrock Runtime Converse protocol ({@code POST /model/{id}/converse}).
 * It first checks every request as Bedrock does ({@link ConverseRequestContract}: content-block limits and the
 * structured-output schema limits) and answers a broken one with 400 ValidationException. Otherwise it answers
 * with a recorded, realistic extraction of the test discharge summary, personalised with the patient name it
 * reads from a text document, with real-looking token usage; and on demand with throttling (429), access
 * denied (403), unknown model (404), non-JSON output, schema-breaking output, truncated output, the stop
 * reasons content_filtered and guardrail_intervened, or slowly. It answers structured-output requests with
 * text and tool-use requests with a tool call, as Bedrock does, and records what it was asked.
 */
public final class BedrockConverseFake implements AutoCloseable {

    /** How the next calls are answered. */
    public enum Mode {
        NORMAL, ACCESS_DENIED, MODEL_NOT_FOUND, MALFORMED_OUTPUT, SCHEMA_VIOLATION, TRUNCATED,
        /** Stop reason content_filtered, with the part of the answer produced before the filter stopped it. */
        CONTENT_FILTERED,
        /** Stop reason guardrail_intervened, with the guardrail's blocked-output message as the answer. */
        GUARDRAIL_INTERVENED,
        /** Enum values in capitals ("FEMALE", "HIGH"): structured output does not guarantee enum case. */
        ENUM_CASE_CHANGED
    }

    /** One request as received; {@code rejection} is the ValidationException message it got, or null. */
    public record Call(String modelId, JsonNode body, boolean throttled, String rejection) {
        public boolean usedStructuredOutput() {
            return body.has("outputConfig");
        }

        public boolean usedToolChoice() {
            return body.path("toolConfig").has("toolChoice");
        }

        /** Format of the first document or image block ("txt", "image:png"), wherever it sits in the message. */
        public String documentFormat() {
            for (JsonNode block : body.path("messages").path(0).path("content")) {
                if (block.has("document")) {
                    return block.path("document").path("format").asText();
                }
                if (block.has("image")) {
                    return "image:" + block.path("image").path("format").asText();
                }
            }
            return "none";
        }

        /** The image blocks of the user message, in order (a scanned PDF or a fax sends one per page). */
        public List<JsonNode> images() {
            List<JsonNode> images = new ArrayList<>();
            body.path("messages").path(0).path("content").forEach(b -> {
                if (b.has("image")) {
                    images.add(b.get("image"));
                }
            });
            return images;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATIENT = Pattern.compile("Patient:\\s*([^\\r\\n]+)");

    private final HttpServer server;
    private final JsonNode recorded;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;
    private volatile double throttleRate;
    private volatile java.time.Instant throttleAllUntil = java.time.Instant.MIN;
    private volatile long delayMillis;
    private final Random random = new Random(42);
    private final List<Map.Entry<java.util.function.Predicate<String>, java.util.function.Consumer<ObjectNode>>> edits =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public BedrockConverseFake() {
        try (InputStream in = getClass().getResourceAsStream("/bedrock/discharge-summary-recorded.json")) {
            this.recorded = JSON.readTree(in);
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Share of calls answered with 429 ThrottlingException, decided by a seeded generator. */
    public void throttleRate(double rate) {
        this.throttleRate = rate;
    }

    /** Answers every call with 429 ThrottlingException until {@code until}, then as before. */
    public void throttleAllUntil(java.time.Instant until) {
        this.throttleAllUntil = until;
    }

    /**
     * Answers to requests whose prompt text (system prompt and instruction) matches {@code prompt} get {@code edit}
     * applied to the recorded extraction (after the patient name is filled in): e.g. one prompt version answering
     * differently from another.
     */
    public void editAnswersWhen(java.util.function.Predicate<String> prompt, java.util.function.Consumer<ObjectNode> edit) {
        edits.add(Map.entry(prompt, edit));
    }

    public void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls that got a 200 answer. */
    public int answered() {
        return answered.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher m = Pattern.compile("^/model/([^/]+)/converse$").matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                error(exchange, 404, "UnknownOperationException", "not a Converse call");
                return;
            }
            String modelId = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String rejection = ConverseRequestContract.violation(body).orElse(null);
            boolean throttle;
            synchronized (this) {
                throttle = rejection == null
                        && (random.nextDouble() < throttleRate || java.time.Instant.now().isBefore(throttleAllUntil));
                calls.add(new Call(modelId, body, throttle, rejection));
            }
            if (rejection != null) {
                // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html: ValidationException, 400
                error(exchange, 400, "ValidationException", rejection);
                return;
            }
            if (delayMillis > 0) {
                sleep(delayMillis);
            }
            if (throttle) {
                error(exchange, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
                return;
            }
            switch (mode) {
                case ACCESS_DENIED -> error(exchange, 403, "AccessDeniedException",
                        "You don't have access to the model with the specified model ID.");
                case MODEL_NOT_FOUND -> error(exchange, 404, "ResourceNotFoundException", "Model not found.");
                default -> answer(exchange, body);
            }
        }
    }

    private void answer(HttpExchange exchange, JsonNode request) throws IOException {
        ObjectNode extraction = recorded.get("extraction").deepCopy();
        String name = patientName(request);
        ((ObjectNode) extraction.get("patient")).put("name", name);
        String prompt = promptText(request);
        edits.forEach(e -> {
            if (e.getKey().test(prompt)) {
                e.getValue().accept(extraction);
            }
        });
        String stopReason = "end_turn";
        String text = null;
        switch (mode) {
            case MALFORMED_OUTPUT -> text = "I'm sorry, here is a summary of the patient " + name + " ...";
            case SCHEMA_VIOLATION -> extraction.put("diagnoses", "pneumonia, diabetes");
            case TRUNCATED -> {
                text = JSON.writeValueAsString(extraction).substring(0, 200);
                stopReason = "max_tokens";
            }
            case CONTENT_FILTERED -> {
                text = JSON.writeValueAsString(extraction).substring(0, 120);
                stopReason = "content_filtered";
            }
            case ENUM_CASE_CHANGED -> {
                ((ObjectNode) extraction.get("patient")).put("sex", extraction.at("/patient/sex").asText().toUpperCase());
                for (JsonNode lab : extraction.get("labs")) {
                    ((ObjectNode) lab).put("flag", lab.get("flag").asText().toUpperCase());
                }
            }
            case GUARDRAIL_INTERVENED -> {
                text = "Sorry, the model cannot answer this question.";
                stopReason = "guardrail_intervened";
            }
            default -> { }
        }
        ObjectNode content = JSON.createObjectNode();
        boolean toolUse = request.path("toolConfig").has("toolChoice");
        if (toolUse && text == null) {
            content.putObject("toolUse").put("toolUseId", "tooluse_" + answered.get()).put("name",
                    request.path("toolConfig").path("toolChoice").path("tool").path("name").asText())
                    .set("input", extraction);
            stopReason = "tool_use";
        } else {
            content.put("text", text != null ? text : JSON.writeValueAsString(extraction));
        }
        ObjectNode response = JSON.createObjectNode();
        ObjectNode message = response.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").add(content);
        response.put("stopReason", stopReason);
        JsonNode usage = recorded.get("usage");
        response.putObject("usage").put("inputTokens", usage.get("inputTokens").asInt())
                .put("outputTokens", usage.get("outputTokens").asInt())
                .put("totalTokens", usage.get("inputTokens").asInt() + usage.get("outputTokens").asInt());
        response.putObject("metrics").put("latencyMs", recorded.get("latencyMs").asLong());
        answered.incrementAndGet();
        send(exchange, 200, JSON.writeValueAsBytes(response), null);
    }

    /** The system prompt and the text blocks of the user message: what tells prompt versions apart. */
    private static String promptText(JsonNode request) {
        StringBuilder text = new StringBuilder();
        request.path("system").forEach(b -> text.append(b.path("text").asText()).append('\n'));
        request.path("messages").path(0).path("content").forEach(b -> text.append(b.path("text").asText()).append('\n'));
        return text.toString();
    }

    /** The name after "Patient:" in the first text document of the message, or the recorded placeholder. */
    private static String patientName(JsonNode request) {
        for (JsonNode block : request.path("messages").path(0).path("content")) {
            JsonNode document = block.path("document");
            if ("txt".equals(document.path("format").asText())) {
                String text = new String(Base64.getDecoder().decode(document.path("source").path("bytes").asText()),
                        StandardCharsets.UTF_8);
                Matcher m = PATIENT.matcher(text);
                if (m.find()) {
                    return m.group(1).trim();
                }
            }
        }
        return "Jane Example";
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message)), type);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String errorType) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
