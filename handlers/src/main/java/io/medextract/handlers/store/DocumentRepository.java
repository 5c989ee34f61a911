package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.putIfPresent;
import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentType;
import java.time.Instant;
import io.medextract.handlers.domain.ExtractionRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Document items in the results table: {@code DOC#<id>} / {@code META}. A document's partition holds only that
 * item and its extractions ({@code EXT#<extractionId>}, ids sortable by time), which lets one Query read a
 * document together with its newest extraction.
 */
public final class DocumentRepository {

    static final String META = "META";
    static final String EXTRACTION_PREFIX = ExtractionRepository.SORT_KEY_PREFIX;

    /** A document and the newest of its extractions, read together. */
    public record WithLatestExtraction(DocumentRecord document, Optional<ExtractionRecord> latestExtraction) {}

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
     * The document and its newest extraction in one strongly consistent Query instead of a GetItem and a Query:
     * in key order {@code EXT#...} sorts before {@code META}, so reading the partition backwards from {@code META}
     * with a limit of two returns the document item first and the newest extraction second
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html: ScanIndexForward, Limit,
     * BETWEEN in KeyConditionExpression). Empty when there is no document item.
     */
    public Optional<WithLatestExtraction> findWithLatestExtraction(String documentId) {
        List<Map<String, AttributeValue>> items = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :ext AND :meta")
                .expressionAttributeValues(Map.of(":pk", s("DOC#" + documentId), ":ext", s(EXTRACTION_PREFIX),
                        ":meta", s(META)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(2)).items();
        if (items.isEmpty() || !META.equals(Items.str(items.get(0), "sk"))) {
            return Optional.empty();
        }
        Optional<ExtractionRecord> latest = items.stream().skip(1)
                .filter(item -> Items.str(item, "sk").startsWith(EXTRACTION_PREFIX))
                .findFirst().map(ExtractionRepository::fromItem);
        return Optional.of(new WithLatestExtraction(fromItem(items.get(0)), latest));
    }

    /**
     * Moves a document to UPLOADED once its object is verified. Idempotent for the same bytes; returns the document as
     * the update left it, or empty when the document is gone, was rejected, or is already UPLOADED with other bytes
     * (a second object under its key: the checked document is never replaced).
     */
    public Optional<DocumentRecord> markUploaded(String documentId, long sizeBytes, String sha256, Instant at) {
        try {
            return Optional.of(fromItem(dynamo.updateItem(b -> b.tableName(table).key(key(documentId))
                    .updateExpression("SET #st = :uploaded, sizeBytes = :size, sha256 = :sha, uploadedAt = if_not_exists(uploadedAt, :at)")
                    .conditionExpression("attribute_exists(pk) AND (#st = :pending"
                            + " OR (#st = :uploaded AND sha256 = :sha AND sizeBytes = :size))")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(
                            ":uploaded", s(DocumentStatus.UPLOADED.name()),
                            ":pending", s(DocumentStatus.PENDING_UPLOAD.name()),
                            ":size", Items.n(sizeBytes),
                            ":sha", s(sha256),
                            ":at", s(Items.timestamp(at))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
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
