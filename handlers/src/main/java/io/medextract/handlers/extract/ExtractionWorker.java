package io.medextract.handlers.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.bedrock.BedrockCallFailure;
import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.bedrock.ModelAnswer;
import io.medextract.handlers.bedrock.ModelInput;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.bedrock.StopReasons;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.quality.EmbeddedMetrics;
import io.medextract.handlers.quality.EnumSpelling;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.quality.QualityReport;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import io.medextract.handlers.domain.ExtractionMessage;

/**
 * Processes one queue message to exactly one stored result. Redeliveries find the same extraction item
 * (deterministic ids for S3 events, the API's id for requests) and a conditional claim lets one worker run
 * it; a finished extraction is never redone. Throttling and 5xx are retried with backoff, then sent back to
 * the queue as a new, delayed message (the old one is deleted, so no receive is burnt) until the retry budget
 * kept on the item is spent; permanent failures end as FAILED with a category.
 */
public final class ExtractionWorker {

    /** What the handler should do with the message. */
    public sealed interface Outcome {
        /** Delete the message: the work is done (or there is nothing to do). */
        record Done() implements Outcome {}
        /**
         * Delete the message and send {@code next} with {@code delay}: waiting in a new message does not count
         * toward the queue's maxReceiveCount, so a long wait never sends the document to the DLQ.
         */
        record Requeue(ExtractionMessage.Requested next, Duration delay) implements Outcome {}
    }

    /** Time kept back from the invocation for storing the result after the last Bedrock call. */
    static final Duration RESERVE = Duration.ofSeconds(20);
    /**
     * How long a claim protects a running extraction: longer than any invocation can live (Lambda's maximum
     * timeout is 900 s, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so a slow but
     * live worker is never taken over and its Bedrock call never paid for twice.
     */
    static final Duration LEASE = Duration.ofMinutes(16);

    /**
     * What preparation leaves for the model call: at least half a minute, so a document prepared just in time is
     * not sent to Bedrock with seconds to spare. With the batch's one minute to start a message
     * ({@code ExtractionBatchProcessor.MIN_MILLIS_TO_START}) and the reserve, preparation always gets some time.
     */
    static final Duration MODEL_CALL_MINIMUM = Duration.ofSeconds(30);
    /** When a preparation is postponed (no slot, too little time): back in the queue after this long. */
    static final Duration PREPARATION_RETRY_DELAY = Duration.ofSeconds(30);

    /** An extraction this worker holds, and the token of its claim (every later write is conditioned on it). */
    private record Claimed(ExtractionRecord record, String token) {}

    private final DocumentRepository documents;
    private final ExtractionRepository extractions;
    private final DocumentObjects objects;
    private final PromptRegistry prompts;
    private final PromptSelector selector;
    private final DocumentPreparation preparation;
    private final BedrockExtractor extractor;
    private final BedrockRetryPolicy retry;
    private final SchemaCheck schemaCheck;
    private final PriceTable prices;
    private final String modelId;
    private final String stage;
    private final RequeuePolicy requeue;
    private final Clock clock;
    private final StructuredLog log;

    public ExtractionWorker(DocumentRepository documents, ExtractionRepository extractions, DocumentObjects objects,
                            PromptRegistry prompts, PromptSelector selector, DocumentPreparation preparation,
                            BedrockExtractor extractor,
                            BedrockRetryPolicy retry, SchemaCheck schemaCheck, PriceTable prices, String modelId,
                            String stage, RequeuePolicy requeue, Clock clock, StructuredLog log) {
        this.documents = documents;
        this.extractions = extractions;
        this.objects = objects;
        this.prompts = prompts;
        this.selector = selector;
        this.preparation = preparation;
        this.extractor = extractor;
        this.retry = retry;
        this.schemaCheck = schemaCheck;
        this.prices = prices;
        this.modelId = modelId;
        this.stage = stage;
        this.requeue = requeue;
        this.clock = clock;
        this.log = log;
    }

    public Outcome process(ExtractionMessage message, LongSupplier remainingMillis) {
        if (message instanceof ExtractionMessage.ObjectCreated created) {
            return onObjectCreated(created, remainingMillis);
        }
        ExtractionMessage.Requested requested = (ExtractionMessage.Requested) message;
        return run(requested, remainingMillis);
    }

    /** A document and its bytes, as this invocation already read them; the claimed run reads neither again. */
    private record Loaded(Optional<DocumentRecord> document, byte[] content) {}

    private Outcome onObjectCreated(ExtractionMessage.ObjectCreated event, LongSupplier remainingMillis) {
        String documentId = event.documentId();
        if (documentId == null) {
            log.warn("object outside the upload layout ignored", Map.of("reason", "foreign key"));
            return new Outcome.Done();
        }
        Optional<DocumentRecord> doc = documents.find(documentId).filter(d -> !d.isGoneAt(clock.instant()));
        if (doc.isEmpty() || doc.get().status() == DocumentStatus.REJECTED || !event.key().equals(doc.get().objectKey())) {
            log.warn("object without a valid document item ignored", Map.of("documentId", documentId));
            return new Outcome.Done();
        }
        // An UPLOADED document was checked already. Its own object passes (an inline upload is stored UPLOADED with
        // these bytes; a presigned one's event may be delivered again); any other bytes under its key replaced the
        // checked document and are never extracted. Read before claiming, so a replacement creates no extraction
        // and the document's latest extraction stays the one of the bytes that were checked.
        Optional<DocumentObjects.StoredObject> read = Optional.empty();
        if (doc.get().status() == DocumentStatus.UPLOADED) {
            try {
                read = objects.get(event.key(), event.versionId());
            } catch (DocumentObjects.AccessDeniedException e) {
                read = Optional.empty(); // the claimed run reads again and records the denial
            }
            String change = read.map(o -> changeFrom(doc.get(), o.content())).orElse(null);
            if (change != null) {
                replaced(doc.get(), event.versionId(), change);
                return new Outcome.Done();
            }
        }
        String extractionId = event.extractionId();
        PromptSelector.Selection selection = selector.select(documentId);
        ExtractionRecord queued = ExtractionRecord.queued(extractionId, documentId, selection.promptVersion(), modelId,
                ExtractionRecord.Trigger.UPLOAD_EVENT, event.eventTime())
                .inExperiment(selection.experimentId(), selection.variant())
                .expiringAt(doc.get().retainUntil());
        // One write creates the extraction (first delivery) and claims it: a redelivery of finished work stops here.
        ExtractionMessage.Requested asRequest = new ExtractionMessage.Requested(documentId, extractionId);
        Optional<DocumentObjects.StoredObject> alreadyRead = read;
        return whileClaimed(extractions.createAndTake(queued, clock.instant(), LEASE), asRequest,
                claimed -> verifiedThenRun(claimed, event, doc.get(), alreadyRead, asRequest, remainingMillis));
    }

    /**
     * Checks the event's object for a claimed extraction (read here unless {@code alreadyRead}), then runs it on those
     * bytes. A presigned document accepts only the object its URL allowed: its declared size, and only the first
     * (the URL signs If-None-Match: *); a second object that reached the key first is a replacement.
     */
    private Outcome verifiedThenRun(Claimed claimed, ExtractionMessage.ObjectCreated event, DocumentRecord doc,
                                    Optional<DocumentObjects.StoredObject> alreadyRead,
                                    ExtractionMessage.Requested asRequest, LongSupplier remainingMillis) {
        ExtractionRecord record = claimed.record();
        Optional<DocumentObjects.StoredObject> stored = alreadyRead;
        if (stored.isEmpty()) {
            try {
                stored = objects.get(event.key(), event.versionId());
            } catch (DocumentObjects.AccessDeniedException e) {
                return finish(claimed, record.failed(clock.instant(), ErrorCategory.DOCUMENT_ACCESS_DENIED,
                        e.getMessage(), null));
            }
        }
        if (stored.isEmpty()) {
            log.warn("object is gone; nothing to extract", Map.of("documentId", doc.documentId()));
            return finish(claimed, record.failed(clock.instant(), ErrorCategory.DOCUMENT_MISSING, "the document object is gone",
                    null));
        }
        byte[] content = stored.get().content();
        String problem = verify(doc, content);
        if (problem == null && doc.status() == DocumentStatus.PENDING_UPLOAD
                && doc.uploadMode() == DocumentRecord.UploadMode.PRESIGNED && content.length != doc.sizeBytes()) {
            problem = "object size " + content.length + " differs from the declared " + doc.sizeBytes()
                    + " bytes: it was not written through the presigned URL";
        }
        if (problem != null) {
            documents.markRejected(doc.documentId(), problem);
            return finish(claimed, record.failed(clock.instant(), ErrorCategory.INVALID_DOCUMENT, problem, null));
        }
        Optional<DocumentRecord> accepted = uploaded(doc, content);
        if (accepted.isEmpty()) {
            // Another object under the key was accepted first (two writes before either event), unless the document
            // was rejected or removed meanwhile.
            Optional<DocumentRecord> current = documents.find(doc.documentId());
            String change = current.filter(d -> d.status() == DocumentStatus.UPLOADED)
                    .map(d -> changeFrom(d, content)).orElse(null);
            if (change != null) {
                replaced(current.get(), event.versionId(), change);
                return finish(claimed, record.failed(clock.instant(), ErrorCategory.INVALID_DOCUMENT,
                        "another object was stored under this document's key (" + change + "); the document is"
                                + " quarantined",
                        null));
            }
        }
        return runClaimed(claimed, asRequest, Optional.of(new Loaded(accepted, content)), remainingMillis);
    }

    /**
     * The document as UPLOADED with these bytes. An inline upload already is (the upload function stored it so,
     * with the same size and digest), and then there is nothing to write; a presigned one is moved from PENDING_UPLOAD
     * to UPLOADED here, and the update answers with the item. Empty when the document was rejected or removed
     * meanwhile, or is UPLOADED with other bytes (the update never replaces a checked document's digest).
     */
    private Optional<DocumentRecord> uploaded(DocumentRecord doc, byte[] content) {
        String sha256 = io.medextract.handlers.domain.ContentDigest.sha256Of(content);
        if (doc.status() == DocumentStatus.UPLOADED && doc.sizeBytes() == content.length
                && sha256.equals(doc.sha256())) {
            return Optional.of(doc);
        }
        return documents.markUploaded(doc.documentId(), content.length, sha256, clock.instant(), doc.retainUntil());
    }

    /** How these bytes differ from the checked document's (sizes only: never content), or null when they do not. */
    private static String changeFrom(DocumentRecord checked, byte[] content) {
        if (content.length != checked.sizeBytes()) {
            return "size " + content.length + " instead of " + checked.sizeBytes() + " bytes";
        }
        return io.medextract.handlers.domain.ContentDigest.sha256Of(content).equals(checked.sha256()) ? null
                : "same size, different SHA-256";
    }

    /**
     * The object under a checked document's key was replaced: tampering, or a write around the write-once URL. The
     * replaced bytes are never extracted: the document is quarantined (REJECTED with the reason, so no later request
     * extracts them either; its extractions so far stay readable), the event is logged with ids and the reason only,
     * and counted in {@code DocumentReplaced}, which the construct alarms on.
     */
    private void replaced(DocumentRecord checked, String objectVersion, String change) {
        documents.markRejected(checked.documentId(), "the stored object was replaced after the document was checked ("
                + change + "); it is not extracted again");
        log.raw(EmbeddedMetrics.documentReplaced(stage, clock.instant()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("documentId", checked.documentId());
        fields.put("objectVersion", String.valueOf(objectVersion));
        fields.put("reason", change);
        log.warn("document object replaced after it was checked; not extracted", fields);
    }

    /** The object must be the type its document declared and fit that type's limit. */
    private static String verify(DocumentRecord doc, byte[] content) {
        if (content.length == 0 || content.length > doc.type().maxBytes()) {
            return "object size " + content.length + " is outside 1.." + doc.type().maxBytes() + " bytes";
        }
        Optional<DocumentType> detected = DocumentType.detect(content);
        if (detected.isEmpty()) {
            return "object is not a PDF, PNG, JPEG, TIFF or UTF-8 text document";
        }
        if (detected.get() != doc.type()) {
            return "declared " + doc.type().mediaType() + " but the object is " + detected.get().mediaType();
        }
        return null;
    }

    /** An API request or a re-queued message: claim it, then read the document and its bytes. */
    private Outcome run(ExtractionMessage.Requested message, LongSupplier remainingMillis) {
        return whileClaimed(extractions.take(message.documentId(), message.extractionId(), clock.instant(), LEASE),
                message, claimed -> runClaimed(claimed, message, Optional.empty(), remainingMillis));
    }

    /**
     * Runs {@code work} on the claimed extraction; on an unexpected error gives the claim back, so the redelivery
     * (or the dead-letter consumer) finds it QUEUED, not leased. Not claimed: nothing to do, or wait for the holder.
     */
    private Outcome whileClaimed(ExtractionRepository.ClaimAttempt claim, ExtractionMessage.Requested message,
                                 java.util.function.Function<Claimed, Outcome> work) {
        switch (claim.claim()) {
            case ALREADY_FINISHED, MISSING -> {
                log.info("extraction already finished or unknown; message dropped",
                        Map.of("extractionId", message.extractionId(), "claim", claim.claim().name()));
                return new Outcome.Done();
            }
            case HELD_BY_ANOTHER_WORKER -> {
                return waitForTheOtherWorker(message);
            }
            case CLAIMED -> { }
        }
        try {
            return work.apply(new Claimed(claim.claimed().orElseThrow(), claim.token()));
        } catch (RuntimeException | Error e) { // an OutOfMemoryError too: the claim must not stay leased
            try {
                extractions.release(message.documentId(), message.extractionId(), claim.token());
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure); // the lease then runs out on its own
            }
            throw e;
        }
    }

    /**
     * @param loaded the document and bytes an S3 event already read; empty for API requests and re-queued
     *               messages, which read both after claiming
     */
    private Outcome runClaimed(Claimed claimed, ExtractionMessage.Requested message, Optional<Loaded> loaded,
                               LongSupplier remainingMillis) {
        ExtractionRecord taken = claimed.record();
        Optional<DocumentRecord> doc = (loaded.isPresent() ? loaded.get().document()
                : documents.find(message.documentId())).filter(d -> !d.isGoneAt(clock.instant()));
        if (doc.isEmpty() || doc.get().status() != DocumentStatus.UPLOADED) {
            return finish(claimed, taken.failed(clock.instant(), ErrorCategory.DOCUMENT_MISSING,
                    "the document is missing or not uploaded", null));
        }
        // An extraction goes with its document: those queued without its retention (evaluation runs) take it here.
        ExtractionRecord record = taken.expiresAt() == null ? taken.expiringAt(doc.get().retainUntil()) : taken;
        byte[] bytes;
        try {
            bytes = loaded.map(Loaded::content).or(() -> objects.get(doc.get().objectKey(), null)
                    .map(DocumentObjects.StoredObject::content)).orElse(null);
        } catch (DocumentObjects.AccessDeniedException e) {
            return finish(claimed, record.failed(clock.instant(), ErrorCategory.DOCUMENT_ACCESS_DENIED, e.getMessage(), null));
        }
        if (bytes == null) {
            return finish(claimed, record.failed(clock.instant(), ErrorCategory.DOCUMENT_MISSING, "the document object is gone", null));
        }
        if (loaded.isEmpty()) {
            // Read now, not when the document was checked: bytes replaced since (before their own event arrives)
            // are never extracted.
            String change = changeFrom(doc.get(), bytes);
            if (change != null) {
                replaced(doc.get(), null, change);
                return finish(claimed, record.failed(clock.instant(), ErrorCategory.INVALID_DOCUMENT,
                        "the stored object was replaced after the document was checked (" + change
                                + "); the document is quarantined", null));
            }
        }
        Optional<PromptTemplate> template = prompts.find(record.promptVersion());
        if (template.isEmpty()) {
            return finish(claimed, record.failed(clock.instant(), ErrorCategory.BEDROCK_VALIDATION,
                    "prompt version " + record.promptVersion() + " is not deployed", null));
        }
        Duration preparationTime = preparationTime(remainingMillis);
        if (preparationTime.isZero() && doc.get().type() != DocumentType.TEXT) { // text needs no preparation
            return later(claimed, message, "too little invocation time left to prepare the document");
        }
        ModelInput input;
        try {
            // Once: retries reuse the rendered pages.
            input = preparation.prepare(doc.get().type(), bytes, preparationTime, record.documentId());
        } catch (DocumentPreparation.BusyException busy) {
            return later(claimed, message, busy.getMessage());
        } catch (DocumentRefusedException refused) {
            return refuse(claimed, record, doc.get(), refused);
        }
        ModelAnswer answer;
        try {
            // Each call may use the invocation's remaining time less the reserve for storing the result.
            answer = retry.run(() -> extractor.extract(template.get(), record.modelId(), input,
                            callBudget(remainingMillis)), remainingMillis, RESERVE);
        } catch (BedrockCallFailure failure) {
            if (failure.isRetryable()) {
                return afterBedrockStayedBusy(claimed, message, failure);
            }
            return finish(claimed, record.failed(clock.instant(), failure.category(), failure.getMessage(), null));
        }
        return finish(claimed, judge(record, template.get(), answer));
    }

    /**
     * What preparing the document may take: the invocation's remaining time less the reserve and a minimum for
     * the model call; zero when that leaves nothing.
     */
    static Duration preparationTime(LongSupplier remainingMillis) {
        long millis = remainingMillis.getAsLong() - RESERVE.toMillis() - MODEL_CALL_MINIMUM.toMillis();
        return millis < 1_000 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    /**
     * A document its preparation refused ends FAILED with INVALID_DOCUMENT and the refusal's message (it names
     * the limit, never the content). One refused for what it declares or unfolds into is also REJECTED, so no
     * request can queue it again; one that ran out of time or memory is not, since a larger function could read it.
     */
    private Outcome refuse(Claimed claimed, ExtractionRecord record, DocumentRecord doc,
                           DocumentRefusedException refused) {
        if (refused.isAboutTheDocument()) {
            documents.markRejected(doc.documentId(), refused.getMessage());
        }
        log.warn("document refused by its preparation", Map.of("documentId", doc.documentId(),
                "extractionId", record.extractionId(), "limit", refused.limit()));
        return finish(claimed, record.failed(clock.instant(), ErrorCategory.INVALID_DOCUMENT,
                refused.getMessage(), null));
    }

    /** Gives the claim back and comes back to the document in a new, delayed message. */
    private Outcome later(Claimed claimed, ExtractionMessage.Requested message, String reason) {
        extractions.release(message.documentId(), message.extractionId(), claimed.token());
        log.info("document preparation postponed", Map.of("extractionId", message.extractionId(), "reason", reason));
        return new Outcome.Requeue(message.nextAttempt(), PREPARATION_RETRY_DELAY);
    }

    /** What one Bedrock call may take: the invocation's remaining time less {@link #RESERVE}, at least 1 s. */
    static Duration callBudget(LongSupplier remainingMillis) {
        return Duration.ofMillis(Math.max(1_000, remainingMillis.getAsLong() - RESERVE.toMillis()));
    }

    /**
     * Bedrock is still busy after the in-invocation retries: fail once the retry budget is spent, otherwise give
     * the claim back, count the retry on the item and come back later in a new, delayed message.
     */
    private Outcome afterBedrockStayedBusy(Claimed claimed, ExtractionMessage.Requested message,
                                           BedrockCallFailure failure) {
        ExtractionRecord record = claimed.record();
        Instant now = clock.instant();
        if (requeue.exhausted(record.firstThrottledAt(), now)) {
            long minutes = Duration.between(record.firstThrottledAt(), now).toMinutes();
            return finish(claimed, record.failed(now, ErrorCategory.BEDROCK_THROTTLED, "Bedrock stayed busy for " + minutes
                    + " minutes across " + record.throttleRetries() + " delayed retries (last: "
                    + failure.getMessage() + "); raise the model's quota or the retry budget, then request it again",
                    null));
        }
        Optional<ExtractionRecord> returned = extractions.returnAfterThrottling(record.documentId(),
                record.extractionId(), now, claimed.token());
        if (returned.isEmpty()) {
            log.warn("extraction was taken over while Bedrock was busy; message dropped",
                    Map.of("extractionId", record.extractionId()));
            return new Outcome.Done();
        }
        Duration delay = requeue.delayBefore(returned.get().throttleRetries());
        log.warn("Bedrock busy; extraction re-queued with a delay", Map.of("extractionId", record.extractionId(),
                "reason", failure.getMessage(), "throttleRetries", returned.get().throttleRetries(),
                "delaySeconds", delay.toSeconds()));
        return new Outcome.Requeue(message.nextAttempt(), delay);
    }

    /** Another worker holds the extraction: look again when its lease ends, without burning a receive. */
    private Outcome waitForTheOtherWorker(ExtractionMessage.Requested message) {
        Optional<Instant> leaseEnd = extractions.leaseEnd(message.documentId(), message.extractionId());
        return new Outcome.Requeue(message.nextAttempt(), requeue.whileLeased(leaseEnd.orElse(null), clock.instant()));
    }

    private ExtractionRecord judge(ExtractionRecord record, PromptTemplate template, ModelAnswer answer) {
        Instant at = clock.instant();
        double cost = prices.cost(record.modelId(), answer.inputTokens(), answer.outputTokens());
        ExtractionRecord.ModelOutcome partial = new ExtractionRecord.ModelOutcome(answer.latencyMs(),
                answer.inputTokens(), answer.outputTokens(), cost, false, 0, List.of(), List.of(), Map.of(),
                answer.stopReason(), null, answer.sentAs());
        Optional<ErrorCategory> stopped = StopReasons.failureOf(answer.stopReason());
        if (stopped.isPresent()) {
            return record.failed(at, stopped.get(), "the model stopped with " + answer.stopReason(), partial);
        }
        if (answer.malformed()) {
            ErrorCategory category = "max_tokens".equals(answer.stopReason())
                    ? ErrorCategory.OUTPUT_TRUNCATED : ErrorCategory.MALFORMED_OUTPUT;
            return record.failed(at, category, "the model's answer was not a JSON object", partial);
        }
        JsonNode output = EnumSpelling.normalise(template.schema(), answer.output());
        List<String> violations = schemaCheck.violations(template.id(), template.schema(), output);
        QualityReport quality = QualityReport.measure(template.schema(), output);
        ExtractionRecord.ModelOutcome outcome = new ExtractionRecord.ModelOutcome(answer.latencyMs(),
                answer.inputTokens(), answer.outputTokens(), cost, violations.isEmpty(), quality.completeness(),
                quality.filledFields(), quality.schemaFields(), quality.entityCounts(), answer.stopReason(),
                Json.write(output), answer.sentAs());
        if (!violations.isEmpty()) {
            String summary = String.join("; ", violations.subList(0, Math.min(5, violations.size())));
            return record.failed(at, ErrorCategory.SCHEMA_VIOLATION,
                    violations.size() + " schema violation(s): " + summary, outcome);
        }
        return record.succeeded(at, outcome);
    }

    private Outcome finish(Claimed claimed, ExtractionRecord finished) {
        if (!extractions.finish(finished, claimed.token())) {
            log.warn("extraction was taken over before it finished; result discarded",
                    Map.of("extractionId", finished.extractionId()));
            return new Outcome.Done();
        }
        // Evaluation extractions count under Traffic=EVALUATION only: their own alarm, never production's.
        log.raw(EmbeddedMetrics.finished(finished, stage, clock.instant()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("extractionId", finished.extractionId());
        fields.put("documentId", finished.documentId());
        fields.put("status", finished.status().name());
        fields.put("promptVersion", finished.promptVersion());
        if (finished.errorCategory() != null) {
            fields.put("errorCategory", finished.errorCategory().name());
        }
        log.info("extraction finished", fields);
        return new Outcome.Done();
    }
}
