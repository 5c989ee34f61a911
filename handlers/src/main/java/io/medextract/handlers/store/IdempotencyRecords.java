package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.s;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Remembers, for 24 hours, which document an {@code Idempotency-Key} created, so a retried POST returns
 * that document instead of creating a second one. Keys are scoped per caller and stored hashed:
 * {@code IDEMP#<sha256(caller:key)>} / {@code UPLOAD}, expiring through the table's TTL attribute.
 */
public final class IdempotencyRecords {

    static final Duration RETENTION = Duration.ofHours(24);

    /** What a key was first used for: the document and a fingerprint of the request. */
    public record Entry(String documentId, String requestFingerprint) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public IdempotencyRecords(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Records the key for {@code entry}; when the key is already taken, returns what it was taken for. */
    public Optional<Entry> claim(String scopedKeyHash, Entry entry, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            "pk", s("IDEMP#" + scopedKeyHash), "sk", s("UPLOAD"),
                            "documentId", s(entry.documentId()),
                            "requestFingerprint", s(entry.requestFingerprint()),
                            "expiresAt", Items.n(now.plus(RETENTION).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", Items.n(now.getEpochSecond()))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(key(scopedKeyHash))).item();
            return Optional.of(new Entry(item.get("documentId").s(), item.get("requestFingerprint").s()));
        }
    }

    /** Forgets a key whose request did not complete, so a retry can start over. */
    public void release(String scopedKeyHash, String documentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(scopedKeyHash))
                    .conditionExpression("documentId = :d")
                    .expressionAttributeValues(Map.of(":d", s(documentId))));
        } catch (ConditionalCheckFailedException e) {
            // taken over meanwhile: leave it
        }
    }

    private static Map<String, AttributeValue> key(String scopedKeyHash) {
        return Map.of("pk", s("IDEMP#" + scopedKeyHash), "sk", s("UPLOAD"));
    }
}
