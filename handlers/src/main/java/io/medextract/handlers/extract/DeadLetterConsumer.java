package io.medextract.handlers.extract;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.quality.EmbeddedMetrics;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.medextract.handlers.domain.ExtractionMessage;
import io.medextract.contract.PlatformMetrics;

/**
 * Reads the extraction dead-letter queue: whatever the queue gave up on (a bug, a function that timed out or
 * ran out of memory on every receive) ends its extraction as FAILED with {@link ErrorCategory#DEAD_LETTERED},
 * so no item stays QUEUED or RUNNING for ever and GET /api/extract shows why. Every dead-lettered message also
 * counts in the {@code DeadLettered} metric when it is settled (once) or kept (again each time it reappears,
 * twice a day, so the alarm keeps reminding), because a consumed DLQ never shows a depth to alarm on.
 */
public final class DeadLetterConsumer {

    /** What to do with the dead-lettered message. */
    public sealed interface Decision {
        /** Its extraction is settled (marked now, finished before, or never existed): delete it. */
        record Settled() implements Decision {}
        /** A worker's lease is still running: look again after {@code delay}. */
        record LookAgain(Duration delay) implements Decision {}
        /** Unreadable body, nothing to mark: keep it in the DLQ for an operator to inspect. */
        record Keep() implements Decision {}
    }

    static final String METRIC = PlatformMetrics.DEAD_LETTERED;

    private final DocumentRepository documents;
    private final ExtractionRepository extractions;
    private final PromptSelector selector;
    private final String modelId;
    private final String stage;
    private final Clock clock;
    private final StructuredLog log;

    public DeadLetterConsumer(DocumentRepository documents, ExtractionRepository extractions, PromptSelector selector,
                              String modelId, String stage, Clock clock, StructuredLog log) {
        this.documents = documents;
        this.extractions = extractions;
        this.selector = selector;
        this.modelId = modelId;
        this.stage = stage;
        this.clock = clock;
        this.log = log;
    }

    public Decision handle(String messageId, String body) {
        Decision decision = decide(messageId, body);
        if (!(decision instanceof Decision.LookAgain)) {
            log.raw(metric());
        }
        return decision;
    }

    private Decision decide(String messageId, String body) {
        ExtractionMessage message;
        try {
            message = ExtractionMessage.parse(body);
        } catch (ExtractionMessage.PoisonMessageException e) {
            log.error("unreadable message kept in the dead-letter queue", Map.of("messageId", messageId,
                    "reason", e.getMessage()));
            return new Decision.Keep();
        }
        Target target = target(message);
        if (target == null) {
            log.warn("dead-lettered message names no document of ours; dropped", Map.of("messageId", messageId));
            return new Decision.Settled();
        }
        return settle(messageId, target);
    }

    /** The extraction a message was about, or null for an object outside the upload layout. */
    private record Target(String documentId, String extractionId, ExtractionRecord.Trigger trigger, Instant requestedAt) {}

    private static Target target(ExtractionMessage message) {
        if (message instanceof ExtractionMessage.ObjectCreated created) {
            return created.documentId() == null ? null : new Target(created.documentId(), created.extractionId(),
                    ExtractionRecord.Trigger.UPLOAD_EVENT, created.eventTime());
        }
        ExtractionMessage.Requested requested = (ExtractionMessage.Requested) message;
        return new Target(requested.documentId(), requested.extractionId(), ExtractionRecord.Trigger.API, null);
    }

    private Decision settle(String messageId, Target target) {
        Instant now = clock.instant();
        String why = "the extraction queue gave up on this message after its maximum receives;"
                + " POST /api/extract/" + target.documentId() + " queues a fresh extraction";
        Optional<ExtractionRecord> existing = extractions.find(target.documentId(), target.extractionId());
        if (existing.isEmpty()) {
            return settleWithoutItem(messageId, target, now, why);
        }
        ExtractionRecord failed = existing.get().failed(now, ErrorCategory.DEAD_LETTERED, why, null);
        ExtractionRepository.DeadLetterMark mark = extractions.markDeadLettered(failed, now);
        switch (mark) {
            case MARKED -> {
                announce(failed, messageId);
                return new Decision.Settled();
            }
            case LEASE_HELD -> {
                Instant leaseEnd = extractions.leaseEnd(target.documentId(), target.extractionId()).orElse(now);
                return new Decision.LookAgain(RequeuePolicy.untilLeaseEnds(leaseEnd, now));
            }
            case ALREADY_FINISHED -> {
                log.info("dead-lettered message's extraction had already finished", Map.of("messageId", messageId,
                        "extractionId", target.extractionId()));
                return new Decision.Settled();
            }
            default -> {
                return settleWithoutItem(messageId, target, now, why);
            }
        }
    }

    /**
     * The message died before its extraction item was written (only S3 events can: the API writes the item
     * first). If the document exists, a FAILED item is written so its status says what happened.
     */
    private Decision settleWithoutItem(String messageId, Target target, Instant now, String why) {
        Optional<io.medextract.handlers.domain.DocumentRecord> document = documents.find(target.documentId());
        if (target.trigger() != ExtractionRecord.Trigger.UPLOAD_EVENT || document.isEmpty()) {
            log.warn("dead-lettered message's document or extraction no longer exists; dropped",
                    Map.of("messageId", messageId, "documentId", target.documentId()));
            return new Decision.Settled();
        }
        PromptSelector.Selection selection = selector.select(target.documentId());
        ExtractionRecord failed = ExtractionRecord.queued(target.extractionId(), target.documentId(),
                        selection.promptVersion(), modelId, target.trigger(), target.requestedAt())
                .inExperiment(selection.experimentId(), selection.variant())
                .expiringAt(document.get().retainUntil())
                .failed(now, ErrorCategory.DEAD_LETTERED, why, null);
        if (extractions.createIfAbsent(failed)) {
            announce(failed, messageId);
            return new Decision.Settled();
        }
        // Written meanwhile (a late worker): settle against that item instead.
        return settle(messageId, target);
    }

    private void announce(ExtractionRecord failed, String messageId) {
        log.raw(EmbeddedMetrics.finished(failed, stage, clock.instant()));
        log.error("dead-lettered extraction marked FAILED", Map.of("messageId", messageId,
                "extractionId", failed.extractionId(), "documentId", failed.documentId(),
                "errorCategory", ErrorCategory.DEAD_LETTERED.name()));
    }

    /** One {@code DeadLettered} count (Embedded Metric Format), dimensioned by stage (and platform, if named). */
    private Map<String, Object> metric() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put(PlatformMetrics.STAGE, stage);
        doc.put(METRIC, 1);
        List<List<String>> dimensions = EmbeddedMetrics.withPlatform(doc, List.of(List.of(PlatformMetrics.STAGE)));
        doc.put("_aws", Map.of(
                "Timestamp", clock.instant().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", EmbeddedMetrics.NAMESPACE,
                        "Dimensions", dimensions,
                        "Metrics", List.of(Map.of("Name", METRIC, "Unit", "Count"))))));
        return doc;
    }
}
