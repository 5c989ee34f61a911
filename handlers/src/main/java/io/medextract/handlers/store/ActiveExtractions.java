package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.ExtractionRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * At most one active (QUEUED or RUNNING) requested extraction per document and caller. A marker beside the
 * document's extractions, {@code DOC#<documentId>} / {@code ACTIVE#<caller>}, names the caller's newest requested
 * extraction. A request first moves the marker to its new extraction, on the condition that it still names the
 * finished extraction the caller's check saw (or is absent), so of two concurrent requests only one gets through; then
 * it writes the extraction. Nobody clears the marker: whether it blocks is read from the extraction it names, so a
 * marker naming an extraction that was never written (a crash between the two writes) blocks nothing, and the
 * worker's writes stay as they are. Two conditional PutItems rather than one transaction: half the write units, and the
 * extract function calls no transaction, which keeps its package (little room left under its size budget) smaller.
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

    public Seen look(String documentId, String caller) {
        Map<String, AttributeValue> marker = dynamo.getItem(b -> b.tableName(table).key(key(documentId, caller))
                .consistentRead(true)).item();
        if (marker == null || !marker.containsKey("activeExtractionId")) {
            return new Seen(Optional.empty(), Optional.empty());
        }
        String extractionId = marker.get("activeExtractionId").s();
        return new Seen(Optional.of(extractionId), extractions.find(documentId, extractionId)
                .filter(r -> !r.status().isFinal()));
    }

    /**
     * Marks {@code queued} as {@code caller}'s active extraction of its document, if the marker still names
     * {@code seen} (the finished extraction the caller's check found, or none), then writes it.
     */
    public Outcome create(ExtractionRecord queued, String caller, Seen seen) {
        Map<String, AttributeValue> marker = new HashMap<>(key(queued.documentId(), caller));
        marker.put("entity", s("activeExtraction"));
        marker.put("activeExtractionId", s(queued.extractionId()));
        marker.put("expiresAt", Items.n(queued.requestedAt().plus(MARKER_LIFETIME).getEpochSecond()));
        try {
            dynamo.putItem(b -> {
                b.tableName(table).item(marker);
                if (seen.markedExtractionId().isPresent()) {
                    b.conditionExpression("activeExtractionId = :seen")
                            .expressionAttributeValues(Map.of(":seen", s(seen.markedExtractionId().get())));
                } else {
                    b.conditionExpression("attribute_not_exists(pk)");
                }
            });
        } catch (ConditionalCheckFailedException e) {
            return Outcome.ANOTHER_ACTIVE;
        }
        return extractions.createIfAbsent(queued) ? Outcome.CREATED : Outcome.EXTRACTION_EXISTS;
    }

    /**
     * Undoes {@link #create} (its message could not be sent): the extraction goes, then the marker naming it (were the
     * second delete to fail, the marker would name a missing extraction, which blocks nothing).
     */
    public void discard(String documentId, String extractionId, String caller) {
        extractions.delete(documentId, extractionId);
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(documentId, caller))
                    .conditionExpression("activeExtractionId = :id")
                    .expressionAttributeValues(Map.of(":id", s(extractionId))));
        } catch (ConditionalCheckFailedException e) {
            // the marker names another extraction already: nothing of ours to remove
        }
    }

    static Map<String, AttributeValue> key(String documentId, String caller) {
        return Map.of("pk", s("DOC#" + documentId), "sk", s("ACTIVE#" + caller));
    }
}
