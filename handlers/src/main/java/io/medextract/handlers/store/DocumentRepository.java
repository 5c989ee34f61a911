package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.putIfPresent;
import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Document items in the results table: {@code DOC#<id>} / {@code META}. */
public final class DocumentRepository {

    static final String META = "META";

    private final DynamoDbClient dynamo;
    private final String table;

    public DocumentRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String documentId) {
        return Map.of("pk", s("DOC#" + documentId), "sk", s(META));
    }

    /** Writes a new document; never overwrites one (ids are unique, and the condition makes sure). */
    public void create(DocumentRecord doc) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(doc)).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<DocumentRecord> find(String documentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(documentId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Moves a document to UPLOADED once its object is verified. Idempotent; returns false when the document
     * is gone or was rejected meanwhile.
     */
    public boolean markUploaded(String documentId, long sizeBytes, String sha256, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(documentId))
                    .updateExpression("SET #st = :uploaded, sizeBytes = :size, sha256 = :sha, uploadedAt = if_not_exists(uploadedAt, :at)")
                    .conditionExpression("attribute_exists(pk) AND #st IN (:pending, :uploaded)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(
                            ":uploaded", s(DocumentStatus.UPLOADED.name()),
                            ":pending", s(DocumentStatus.PENDING_UPLOAD.name()),
                            ":size", Items.n(sizeBytes),
                            ":sha", s(sha256),
                            ":at", s(Items.timestamp(at)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void markRejected(String documentId, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(documentId))
                    .updateExpression("SET #st = :rejected, rejectionReason = :reason")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":rejected", s(DocumentStatus.REJECTED.name()),
                            ":reason", s(reason))));
        } catch (ConditionalCheckFailedException e) {
            // gone already: nothing to reject
        }
    }

    /** Removes a document that never became valid (cleanup after a failed upload). */
    public void deletePending(String documentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(documentId))
                    .conditionExpression("#st = :pending")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":pending", s(DocumentStatus.PENDING_UPLOAD.name()))));
        } catch (ConditionalCheckFailedException e) {
            // it became valid or is gone: leave it
        }
    }

    private static Map<String, AttributeValue> toItem(DocumentRecord d) {
        Map<String, AttributeValue> item = new HashMap<>(key(d.documentId()));
        item.put("entity", s("document"));
        item.put("documentId", s(d.documentId()));
        putIfPresent(item, "filename", d.filename());
        putIfPresent(item, "mediaType", d.type().mediaType());
        putIfPresent(item, "documentType", d.type());
        putIfPresent(item, "sizeBytes", d.sizeBytes());
        putIfPresent(item, "sha256", d.sha256());
        putIfPresent(item, "objectKey", d.objectKey());
        putIfPresent(item, "status", d.status());
        putIfPresent(item, "uploadMode", d.uploadMode());
        putIfPresent(item, "createdAt", d.createdAt());
        putIfPresent(item, "uploadedAt", d.uploadedAt());
        putIfPresent(item, "rejectionReason", d.rejectionReason());
        return item;
    }

    private static DocumentRecord fromItem(Map<String, AttributeValue> item) {
        return new DocumentRecord(
                Items.str(item, "documentId"),
                Items.str(item, "filename"),
                Items.enumValue(item, "documentType", DocumentType.class),
                Optional.ofNullable(Items.lng(item, "sizeBytes")).orElse(0L),
                Items.str(item, "sha256"),
                Items.str(item, "objectKey"),
                Items.enumValue(item, "status", DocumentStatus.class),
                Items.enumValue(item, "uploadMode", DocumentRecord.UploadMode.class),
                Items.instant(item, "createdAt"),
                Items.instant(item, "uploadedAt"),
                Items.str(item, "rejectionReason"));
    }
}
