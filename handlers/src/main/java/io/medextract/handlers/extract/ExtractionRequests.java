package io.medextract.handlers.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.RequestedBy;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.store.ActiveExtractions;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.domain.ExtractionMessage;

/**
 * POST /api/extract/{documentId} (enqueue, 202: never waits on Bedrock) and GET /api/extract/{id} (by
 * extraction id, or the newest extraction of a document id). An owner may have one requested extraction of a document
 * QUEUED or RUNNING at a time (409 naming it) and request at most {@code callerExtractionLimit} (429 with Retry-After).
 */
public final class ExtractionRequests {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");

    /** The bucket of extractions a caller may request (CallerRateLimits scope). */
    static final String EXTRACTION_SCOPE = "extractions";

    private final DocumentRepository documents;
    private final ExtractionRepository extractions;
    private final PromptRegistry prompts;
    private final PromptSelector selector;
    private final java.util.function.Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final String modelId;
    private final DocumentAccess access;
    private final Clock clock;
    private final StructuredLog log;
    private final ActiveExtractions active;
    private final CallerRateLimits limits;
    private final Optional<CallerRateLimits.Limit> limit;
    private final Compensations compensations;

    /**
     * @param sqs           asked for the client when a message is sent: status requests never build it
     * @param access        who may re-extract and read whose documents
     * @param active        one active requested extraction per document and owner
     * @param limits        the owners' token buckets
     * @param limit         how many extractions one owner may request (CALLER_EXTRACTION_LIMIT); empty: no limit
     * @param compensations reports an undo that failed
     */
    public ExtractionRequests(DocumentRepository documents, ExtractionRepository extractions, PromptRegistry prompts,
                              PromptSelector selector, java.util.function.Supplier<SqsClient> sqs, String queueUrl,
                              String modelId, DocumentAccess access, Clock clock, StructuredLog log,
                              ActiveExtractions active, CallerRateLimits limits, Optional<CallerRateLimits.Limit> limit,
                              Compensations compensations) {
        this.documents = documents;
        this.extractions = extractions;
        this.prompts = prompts;
        this.selector = selector;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.modelId = modelId;
        this.access = access;
        this.clock = clock;
        this.log = log;
        this.active = active;
        this.limits = limits;
        this.limit = limit;
        this.compensations = compensations;
    }

    /**
     * Queues an extraction. With an {@code Idempotency-Key}, a retried request returns the extraction the
     * first one created instead of queueing another. A document the requester may not re-extract answers as an
     * unknown one (404).
     */
    public Map<String, Object> request(String documentId, Optional<String> promptVersion,
                                       Optional<String> idempotencyKey, String body, String requestId,
                                       Requester requester) {
        String caller = requester.caller();
        // Limits and the active-extraction marker count per owner: every session of one IAM role is one owner, and
        // a session name is the assumer's choice, so counting per session would let a role mint fresh allowances.
        String spender = requester.owner();
        requireDocumentId(documentId);
        if (body != null && !body.isBlank() && !isEmptyJsonObject(body)) {
            throw ApiException.badRequest("POST /api/extract takes no body; use ?promptVersion=name@version");
        }
        idempotencyKey.ifPresent(k -> {
            if (!IDEMPOTENCY_KEY.matcher(k).matches()) {
                throw ApiException.badRequest("Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -");
            }
        });
        Optional<String> explicit = promptVersion.map(v -> {
            if (!PromptTemplate.isWellFormedId(v)) {
                throw ApiException.badRequest("promptVersion must look like name@version, e.g. clinical-summary@1");
            }
            if (prompts.find(v).isEmpty()) {
                throw ApiException.badRequest("unknown promptVersion '" + v + "'; deployed: "
                        + String.join(", ", prompts.ids()));
            }
            return v;
        });

        DocumentRecord doc = documents.find(documentId)
                .filter(d -> access.mayChange(d.owner(), requester))
                .filter(d -> !d.isGoneAt(clock.instant()))
                .orElseThrow(() -> ApiException.notFound("no document " + documentId));
        if (doc.status() != DocumentStatus.UPLOADED) {
            throw ApiException.conflict("document " + documentId + " is " + doc.status()
                    + "; only UPLOADED documents can be extracted");
        }
        PromptSelector.Selection selection = explicit
                .map(v -> new PromptSelector.Selection(v, null, null))
                .orElseGet(() -> selector.select(documentId));
        String version = selection.promptVersion();
        Instant now = clock.instant();
        String extractionId = idempotencyKey
                // Scoped by caller: another caller's identical key is a different request, never a replay.
                .map(k -> SortableIds.deterministic(SortableIds.EXTRACTION, doc.createdAt(),
                        documentId + "#" + caller + "#" + k))
                .orElseGet(() -> SortableIds.next(SortableIds.EXTRACTION, now));
        if (idempotencyKey.isPresent()) {
            Optional<ExtractionRecord> replayed = extractions.find(documentId, extractionId);
            if (replayed.isPresent()) {
                return replay(replayed.get());
            }
        }
        ActiveExtractions.Seen seen = active.look(documentId, spender);
        if (seen.active().isPresent()) {
            throw alreadyActive(seen.active().get());
        }
        limit.ifPresent(l -> requireWithinLimit(spender, l));
        ExtractionRecord queued = ExtractionRecord.queued(extractionId, documentId, version, modelId,
                ExtractionRecord.Trigger.API, now).inExperiment(selection.experimentId(), selection.variant())
                .byCaller(requester.owner()).expiringAt(doc.retainUntil());
        switch (active.create(queued, spender, seen)) {
            case EXTRACTION_EXISTS -> {
                return replay(extractions.find(documentId, extractionId).orElseThrow());
            }
            case ANOTHER_ACTIVE -> {
                // A concurrent request of the same caller won: name what it queued.
                throw active.look(documentId, spender).active().map(ExtractionRequests::alreadyActive)
                        .orElseGet(() -> ApiException.conflict("another extraction of document " + documentId
                                + " was requested at the same moment; retry"));
            }
            case CREATED -> { }
        }
        try {
            enqueue(documentId, extractionId);
        } catch (RuntimeException e) {
            compensations.run("discard-unqueued-extraction", Map.of("documentId", documentId,
                    "extractionId", extractionId), () -> active.discard(documentId, extractionId, spender));
            throw new ApiException(503, "queue_unavailable", "the extraction could not be queued; retry shortly");
        }
        log.info("extraction queued", Map.of("extractionId", extractionId, "documentId", documentId,
                "promptVersion", version, "requestId", requestId));
        return describe(queued, false);
    }

    /** A repeated request (same Idempotency-Key): the extraction the first one created, re-sent while QUEUED. */
    private Map<String, Object> replay(ExtractionRecord existing) {
        if (existing.status() == ExtractionStatus.QUEUED) {
            // The first request may have died between writing the item and sending its message: send it
            // (again). A second message is harmless, the conditional claim runs the extraction once.
            try {
                enqueue(existing.documentId(), existing.extractionId());
            } catch (RuntimeException e) {
                throw new ApiException(503, "queue_unavailable", "the extraction could not be queued; retry shortly");
            }
        }
        return describe(existing, false);
    }

    /** 409 naming the caller's extraction of this document that is still QUEUED or RUNNING. */
    private static ApiException alreadyActive(ExtractionRecord running) {
        Map<String, Object> activeExtraction = new LinkedHashMap<>();
        activeExtraction.put("extractionId", running.extractionId());
        activeExtraction.put("status", running.status().name());
        activeExtraction.put("promptVersion", running.promptVersion());
        activeExtraction.put("requestedAt", running.requestedAt().toString());
        activeExtraction.put("links", Map.of("self", "/api/extract/" + running.extractionId()));
        return new ApiException(409, "extraction_active", "document " + running.documentId()
                + " already has an extraction you requested that is " + running.status() + ": "
                + running.extractionId() + "; wait until it has finished (GET /api/extract/" + running.extractionId()
                + ") before requesting another").withDetail("activeExtraction", activeExtraction);
    }

    private void requireWithinLimit(String caller, CallerRateLimits.Limit l) {
        if (limits.take(caller, EXTRACTION_SCOPE, l, 1) instanceof CallerRateLimits.Decision.Refused refused) {
            long seconds = refused.retryAfter().toSeconds();
            throw ApiException.tooManyRequests("you have used your extraction requests (callerExtractionLimit: "
                    + l.describe() + "); the next one is possible in " + seconds + " s", seconds);
        }
    }

    private void enqueue(String documentId, String extractionId) {
        sqs.get().sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(Json.write(new ExtractionMessage.Requested(documentId, extractionId).toBody())));
    }

    /**
     * GET /api/extract/{id}: an extraction by its id, or the newest of a document ({@code requestedBy} picks whose
     * requests count). Both answer 404, as for an unknown id, when the requester may not read the document.
     */
    public Map<String, Object> status(String id, Requester requester, RequestedBy requestedBy) {
        Optional<ExtractionRecord> found;
        if (SortableIds.isValid(SortableIds.EXTRACTION, id)) {
            found = extractions.findById(id).filter(e -> documents.find(e.documentId())
                    .map(d -> access.mayRead(d.owner(), requester) && !d.isGoneAt(clock.instant())).orElse(false));
        } else if (SortableIds.isValid(SortableIds.DOCUMENT, id)) {
            found = documents.findWithLatestExtraction(id, d -> requestedBy.filter(d, requester))
                    .filter(f -> access.mayRead(f.document().owner(), requester))
                    .filter(f -> !f.document().isGoneAt(clock.instant()))
                    .flatMap(DocumentRepository.WithLatestExtraction::latestExtraction);
        } else {
            throw ApiException.badRequest("id must be an extraction id (ext_...) or a document id (doc_...)");
        }
        return describe(found.orElseThrow(() -> ApiException.notFound("no extraction for " + id)), true);
    }

    static Map<String, Object> describe(ExtractionRecord r, boolean withResult) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("extractionId", r.extractionId());
        body.put("documentId", r.documentId());
        body.put("status", r.status().name());
        body.put("promptVersion", r.promptVersion());
        body.put("modelId", r.modelId());
        body.put("trigger", r.trigger().name());
        if (r.requestedBy() != null) {
            body.put("requestedBy", r.requestedBy());
        }
        if (r.experimentId() != null) {
            body.put("experiment", Map.of("experimentId", r.experimentId(), "variant", r.variant()));
        }
        body.put("requestedAt", r.requestedAt().toString());
        if (r.completedAt() != null) {
            body.put("completedAt", r.completedAt().toString());
        }
        if (r.throttleRetries() > 0) {
            // Why a QUEUED extraction is taking long: Bedrock sent it back this often, since then.
            body.put("throttling", Map.of("retries", r.throttleRetries(),
                    "since", String.valueOf(r.firstThrottledAt())));
        }
        if (r.status().isFinal()) {
            Map<String, Object> quality = new LinkedHashMap<>();
            quality.put("schemaValid", r.schemaValid());
            quality.put("fieldCompleteness", r.fieldCompleteness());
            quality.put("filledFields", r.filledFields());
            quality.put("entityCounts", r.entityCounts());
            quality.put("stopReason", r.stopReason());
            body.put("quality", quality);
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("latencyMs", r.latencyMs());
            usage.put("inputTokens", r.inputTokens());
            usage.put("outputTokens", r.outputTokens());
            usage.put("costUsd", r.costUsd());
            body.put("usage", usage);
        }
        if (r.sentAs() != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("sentAs", r.sentAs().form().name());
            input.put("pagesSent", r.sentAs().pagesSent());
            input.put("pagesTotal", r.sentAs().pagesTotal());
            input.put("truncated", r.sentAs().truncated());
            input.put("downscaled", r.sentAs().downscaled());
            body.put("input", input);
        }
        if (r.status() == ExtractionStatus.FAILED) {
            body.put("error", Map.of("category", r.errorCategory().name(), "message", r.errorMessage()));
        }
        if (withResult && r.resultJson() != null) {
            try {
                JsonNode result = Json.mapper().readTree(r.resultJson());
                body.put("result", result);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored result is not JSON", e);
            }
        }
        body.put("links", Map.of("self", "/api/extract/" + r.extractionId(),
                "document", "/api/documents/" + r.documentId()));
        return body;
    }

    private static void requireDocumentId(String id) {
        if (!SortableIds.isValid(SortableIds.DOCUMENT, id)) {
            throw ApiException.badRequest("document id must look like doc_<26 characters>");
        }
    }

    private static boolean isEmptyJsonObject(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node != null && node.isObject() && node.isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
