package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.ExtractionRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * At most one active (QUEUED or RUNNING) requested extraction per document and owner (every session of one IAM role
 * is one owner: a session name is the assumer's choice). A marker beside the document's extractions,
 * {@code DOC#<documentId>} / {@code ACTIVE#<owner>}, names the owner's newest requested extraction; it is written in
 * one transaction with that extraction's item, on the condition that it still names the extraction the owner saw
 * finished (or is absent), so two concurrent requests never both get through. Nobody clears
 * it: whether it blocks is read from the extraction it names, so the worker's writes stay as they are.
 *
 * <p>Why a transaction and not two conditional writes (marker, then item): between the two, a concurrent request
 * would find a marker naming an extraction that does not exist yet, could not tell it from one whose writer died, and
 * would take over (the concurrency test in SpendLimitsEndToEndTest saw two requests pass that way). It costs the
 * extract package about 14 KB and two write units more per request.
 */
public final class ActiveExtractions {

    /** What creating a requested extraction found. */
    public enum Outcome { CREATED, EXTRACTION_EXISTS, ANOTHER_ACTIVE }

    /** Markers outlive the longest an extraction can stay active (a 7-day throttle budget) and then expire. */
    static final Duration MARKER_LIFETIME = Duration.ofDays(8);

    private final DynamoDbClient dynamo;
    private final String table;
    private final ExtractionRepository extractions;

    public ActiveExtractions(DynamoDbClient dynamo, String table, ExtractionRepository extractions) {
        this.dynamo = dynamo;
        this.table = table;
        this.extractions = extractions;
    }

    /** What the marker names now (empty: none), and that extraction if it is still active. */
    public record Seen(Optional<String> markedExtractionId, Optional<ExtractionRecord> active) {}

    public Seen look(String documentId, String owner) {
        Map<String, AttributeValue> marker = dynamo.getItem(b -> b.tableName(table).key(key(documentId, owner))
                .consistentRead(true)).item();
        if (marker == null || !marker.containsKey("activeExtractionId")) {
            return new Seen(Optional.empty(), Optional.empty());
        }
        String extractionId = marker.get("activeExtractionId").s();
        return new Seen(Optional.of(extractionId), extractions.find(documentId, extractionId)
                .filter(r -> !r.status().isFinal()));
    }

    /**
     * Writes {@code queued} and marks it as {@code owner}'s active extraction of its document, if the marker still
     * names {@code seen} (the finished extraction the owner's check found, or none).
     */
    public Outcome create(ExtractionRecord queued, String owner, Seen seen) {
        Map<String, AttributeValue> marker = new HashMap<>(key(queued.documentId(), owner));
        marker.put("entity", s("activeExtraction"));
        marker.put("activeExtractionId", s(queued.extractionId()));
        marker.put("expiresAt", Items.n(queued.requestedAt().plus(MARKER_LIFETIME).getEpochSecond()));
        Put.Builder markerPut = Put.builder().tableName(table).item(marker);
        if (seen.markedExtractionId().isPresent()) {
            markerPut.conditionExpression("activeExtractionId = :seen")
                    .expressionAttributeValues(Map.of(":seen", s(seen.markedExtractionId().get())));
        } else {
            markerPut.conditionExpression("attribute_not_exists(pk)");
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(ExtractionRepository.toItem(queued))
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(markerPut.build()).build()));
            return Outcome.CREATED;
        } catch (TransactionCanceledException e) {
            // Reasons come one per action, in request order: the first is the extraction's own put.
            boolean extractionExists = e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
            return extractionExists ? Outcome.EXTRACTION_EXISTS : Outcome.ANOTHER_ACTIVE;
        }
    }

    /**
     * Undoes {@link #create} (its message could not be sent): the extraction and the marker naming it go together. If
     * the marker names another extraction already, only the extraction goes (the marker is not ours to remove).
     */
    public void discard(String documentId, String extractionId, String owner) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(ExtractionRepository.key(documentId, extractionId)).build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(documentId, owner))
                            .conditionExpression("activeExtractionId = :id")
                            .expressionAttributeValues(Map.of(":id", s(extractionId))).build()).build()));
        } catch (TransactionCanceledException e) {
            extractions.delete(documentId, extractionId);
        }
    }

    static Map<String, AttributeValue> key(String documentId, String owner) {
        return Map.of("pk", s("DOC#" + documentId), "sk", s("ACTIVE#" + owner));
    }
}
