package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.putIfPresent;
import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.DocumentTombstone;
import io.medextract.handlers.domain.DocumentType;
import java.time.Instant;
import io.medextract.handlers.domain.ExtractionRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
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
        return findWithLatestExtraction(documentId, doc -> ExtractionFilter.ALL);
    }

    /**
     * As {@link #findWithLatestExtraction(String)}, but the newest extraction {@code shown} admits for the document
     * (the filter may depend on the document, e.g. on its owner). The first Query is the same; only when its newest
     * extraction is not admitted are older ones read, page by page with the filter as a FilterExpression, and at most
     * {@link #MAX_EXAMINED} of them in all: DynamoDB charges for every item a filter discards
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html), so the bound
     * is what such a read may cost. Beyond it the answer has no extraction.
     */
    public Optional<WithLatestExtraction> findWithLatestExtraction(String documentId,
                                                                   Function<DocumentRecord, ExtractionFilter> shown) {
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
        DocumentRecord document = fromItem(items.get(0));
        Optional<ExtractionRecord> newest = items.stream().skip(1)
                .filter(item -> Items.str(item, "sk").startsWith(EXTRACTION_PREFIX))
                .findFirst().map(ExtractionRepository::fromItem);
        ExtractionFilter filter = shown.apply(document);
        Optional<ExtractionRecord> latest = newest.isEmpty() || filter.test().test(newest.get()) ? newest
                : olderShown(documentId, newest.get().extractionId(), filter);
        return Optional.of(new WithLatestExtraction(document, latest));
    }

    /** Most extractions of one document read to find the newest a filter admits (beyond the first Query). */
    static final int MAX_EXAMINED = 200;
    private static final int PAGE = 25;

    private Optional<ExtractionRecord> olderShown(String documentId, String newerThan, ExtractionFilter filter) {
        Map<String, AttributeValue> values = new HashMap<>(filter.values());
        values.put(":pk", s("DOC#" + documentId));
        values.put(":ext", s(EXTRACTION_PREFIX));
        Map<String, AttributeValue> start = ExtractionRepository.key(documentId, newerThan);
        int examined = 0;
        while (start != null && examined < MAX_EXAMINED) {
            Map<String, AttributeValue> from = start;
            int limit = Math.min(PAGE, MAX_EXAMINED - examined);
            QueryResponse page = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :ext)")
                    .filterExpression(filter.expression())
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(from)
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .limit(limit));
            if (!page.items().isEmpty()) {
                return Optional.of(ExtractionRepository.fromItem(page.items().get(0)));
            }
            examined += page.scannedCount();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        }
        return Optional.empty();
    }

    /**
     * Moves a document to UPLOADED once its object is verified, and gives it its retention instant as TTL (the day a
     * PENDING_UPLOAD item had is over; {@code retainUntil} null: kept until erased). Idempotent for the same bytes;
     * returns the document as the update left it, or empty when the document is gone, was rejected, or is already
     * UPLOADED with other bytes (a second object under its key: the checked document is never replaced).
     */
    public Optional<DocumentRecord> markUploaded(String documentId, long sizeBytes, String sha256, Instant at,
                                                 Instant retainUntil) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":uploaded", s(DocumentStatus.UPLOADED.name()),
                ":pending", s(DocumentStatus.PENDING_UPLOAD.name()),
                ":size", Items.n(sizeBytes),
                ":sha", s(sha256),
                ":at", s(Items.timestamp(at))));
        String expiry;
        if (retainUntil == null) {
            expiry = " REMOVE #ttl";
        } else {
            expiry = ", #ttl = :ttl";
            values.put(":ttl", Items.n(retainUntil.getEpochSecond()));
        }
        String update = "SET #st = :uploaded, sizeBytes = :size, sha256 = :sha, uploadedAt = if_not_exists(uploadedAt, :at)"
                + expiry;
        try {
            return Optional.of(fromItem(dynamo.updateItem(b -> b.tableName(table).key(key(documentId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(pk) AND (#st = :pending"
                            + " OR (#st = :uploaded AND sha256 = :sha AND sizeBytes = :size))")
                    .expressionAttributeNames(Map.of("#st", "status", "#ttl", Items.TTL))
                    .expressionAttributeValues(values)
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

    // ---- erasure ----

    static final String TOMBSTONE = "TOMBSTONE";
    /** BatchWriteItem takes at most 25 requests. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html */
    static final int BATCH_WRITE_LIMIT = 25;
    /** Rounds of re-sending what BatchWriteItem left unprocessed (throttling) before the erasure fails and is retried. */
    static final int UNPROCESSED_ROUNDS = 8;

    public Optional<DocumentTombstone> findTombstone(String documentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("DOC#" + documentId), "sk", s(TOMBSTONE)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DocumentTombstone(Items.str(item, "documentId"), Items.instant(item, "deletedAt"),
                Items.str(item, "deletedBy"), Items.str(item, "requestId"), Items.str(item, "evaluationSet")));
    }

    /**
     * Writes the tombstone unless the document already has one; answers the one that is kept (the first erasure's).
     * It holds no PHI: who, when, which id, the request, and the evaluation set version if any.
     */
    public DocumentTombstone putTombstone(DocumentTombstone tombstone) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", s("DOC#" + tombstone.documentId()),
                "sk", s(TOMBSTONE), "entity", s("tombstone")));
        putIfPresent(item, "documentId", tombstone.documentId());
        putIfPresent(item, "deletedAt", tombstone.deletedAt());
        putIfPresent(item, "deletedBy", tombstone.deletedBy());
        putIfPresent(item, "requestId", tombstone.requestId());
        putIfPresent(item, "evaluationSet", tombstone.evaluationSet());
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return tombstone;
        } catch (ConditionalCheckFailedException e) {
            return findTombstone(tombstone.documentId()).orElseThrow();
        }
    }

    /**
     * Deletes every item of the document's partition but its tombstone: its extractions (and with them their
     * entries in every index) first, the document item last, so an erasure that dies half way is found again by
     * its retry. Returns how many items were deleted.
     */
    public int eraseItems(String documentId) {
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .projectionExpression("pk, sk")
                        .expressionAttributeValues(Map.of(":pk", s("DOC#" + documentId))))
                .items().forEach(item -> {
                    if (!TOMBSTONE.equals(Items.str(item, "sk"))) {
                        keys.add(Map.of("pk", item.get("pk"), "sk", item.get("sk")));
                    }
                });
        keys.sort(java.util.Comparator.comparing(k -> META.equals(k.get("sk").s())));
        for (int from = 0; from < keys.size(); from += BATCH_WRITE_LIMIT) {
            deleteAll(keys.subList(from, Math.min(keys.size(), from + BATCH_WRITE_LIMIT)));
        }
        return keys.size();
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> requests = keys.stream()
                .map(k -> software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                        .deleteRequest(d -> d.key(k)).build())
                .toList();
        for (int round = 0; !requests.isEmpty(); round++) {
            if (round == UNPROCESSED_ROUNDS) {
                throw new IllegalStateException(requests.size() + " deletions stayed unprocessed");
            }
            if (round > 0) {
                sleep(50L << round);
            }
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = requests;
            var unprocessed = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch))).unprocessedItems();
            requests = unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while erasing", e);
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
        putIfPresent(item, "owner", d.owner());
        putIfPresent(item, "evaluationSet", d.evaluationSet());
        putIfPresent(item, "retainUntil", d.retainUntil());
        if (d.expiresAt() != null) {
            item.put(Items.TTL, Items.n(d.expiresAt().getEpochSecond()));
        }
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
                Items.str(item, "rejectionReason"),
                Items.str(item, "owner"),
                Items.str(item, "evaluationSet"),
                Items.instant(item, "retainUntil"));
    }
}
