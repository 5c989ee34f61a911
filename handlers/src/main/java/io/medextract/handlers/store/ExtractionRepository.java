package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.putIfPresent;
import static io.medextract.handlers.store.Items.s;

import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.SentAs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Extraction items in the results table ({@code DOC#<documentId>} / {@code EXT#<extractionId>}). Conditional
 * writes make every redelivery of the same work land on the same item, claimed by one worker at a time.
 */
public final class ExtractionRepository {

    /** Hour bucket of the byCompletedHour index, e.g. 2026-11-25T17. */
    public static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** What a claim attempt found. */
    public enum Claim { CLAIMED, ALREADY_FINISHED, HELD_BY_ANOTHER_WORKER, MISSING }

    private final DynamoDbClient dynamo;
    private final String table;

    public ExtractionRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Longest expression string DynamoDB accepts ("The maximum length of any expression string is 4 KB",
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-expression-parameters);
     * the create-and-claim update of a queued extraction stays far below it (about ten attributes).
     */
    static final int MAX_EXPRESSION_BYTES = 4 * 1024;

    /** The claim is still this worker's: RUNNING under the token its claim wrote. */
    static final String HELD_BY_TOKEN = "#st = :running AND claimToken = :token";

    /** Extraction items sort under their document as {@code EXT#<extractionId>}. */
    static final String SORT_KEY_PREFIX = "EXT#";

    static Map<String, AttributeValue> key(String documentId, String extractionId) {
        return Map.of("pk", s("DOC#" + documentId), "sk", s(SORT_KEY_PREFIX + extractionId));
    }

    /** Writes a QUEUED extraction unless one with this id exists; true when this call created it. */
    public boolean createIfAbsent(ExtractionRecord queued) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(queued)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void delete(String documentId, String extractionId) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(documentId, extractionId)));
    }

    public Optional<ExtractionRecord> find(String documentId, String extractionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(documentId, extractionId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Looks an extraction up by its id alone (byExtractionId index). */
    public Optional<ExtractionRecord> findById(String extractionId) {
        QueryResponse response = dynamo.query(b -> b.tableName(table).indexName("byExtractionId")
                .keyConditionExpression("extractionId = :id")
                .expressionAttributeValues(Map.of(":id", s(extractionId))));
        return response.items().stream().findFirst()
                .flatMap(item -> find(Items.str(item, "documentId"), extractionId));
    }

    public Optional<ExtractionRecord> latestFor(String documentId) {
        QueryResponse response = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ext)")
                .expressionAttributeValues(Map.of(":pk", s("DOC#" + documentId), ":ext", s(SORT_KEY_PREFIX)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(1));
        return response.items().stream().findFirst().map(ExtractionRepository::fromItem);
    }

    /**
     * A claim attempt's outcome and, when claimed, the extraction as the claim left it and the claim's token:
     * every later write of this worker (finish, release, return after throttling) is conditioned on it, so a
     * worker whose lease ran out and whose extraction another worker took over can change nothing.
     */
    public record ClaimAttempt(Claim claim, Optional<ExtractionRecord> claimed, String token) {
        static ClaimAttempt notClaimed(Claim found) {
            return new ClaimAttempt(found, Optional.empty(), null);
        }
    }

    /**
     * Takes the extraction for this worker: QUEUED, or RUNNING with an expired lease (its worker died). Answers
     * with the claimed item itself: the update returns it ({@code ReturnValues=ALL_NEW},
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues),
     * so the worker needs no read after its claim.
     */
    public ClaimAttempt take(String documentId, String extractionId, Instant now, Duration lease) {
        String token = newToken();
        try {
            Map<String, AttributeValue> claimed = dynamo.updateItem(b -> b.tableName(table).key(key(documentId, extractionId))
                    .updateExpression("SET #st = :running, leaseUntil = :lease, startedAt = :started,"
                            + " claimToken = :token ADD attempts :one")
                    .conditionExpression("attribute_exists(pk) AND (#st = :queued OR (#st = :running AND leaseUntil < :now))")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(
                            ":running", s(ExtractionStatus.RUNNING.name()),
                            ":queued", s(ExtractionStatus.QUEUED.name()),
                            ":lease", Items.n(now.plus(lease).toEpochMilli()),
                            ":now", Items.n(now.toEpochMilli()),
                            ":started", s(Items.timestamp(now)),
                            ":token", s(token),
                            ":one", Items.n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new ClaimAttempt(Claim.CLAIMED, Optional.of(fromItem(claimed)), token);
        } catch (ConditionalCheckFailedException e) {
            return ClaimAttempt.notClaimed(whyNotClaimed(documentId, extractionId));
        }
    }

    private Claim whyNotClaimed(String documentId, String extractionId) {
        return find(documentId, extractionId)
                .map(r -> r.status().isFinal() ? Claim.ALREADY_FINISHED : Claim.HELD_BY_ANOTHER_WORKER)
                .orElse(Claim.MISSING);
    }

    /** A fresh claim token: random, so no two claims (of any worker, ever) share one. */
    private static String newToken() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * {@link #createIfAbsent} and {@link #take} in one UpdateItem: an absent extraction is written as {@code queued}
     * describes it and claimed at once, an existing one is only claimed (the attributes it was created with are
     * kept: each is set with {@code if_not_exists}). The condition is the claim's, plus "absent"; an update of a
     * missing item creates it
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html: "Edits an existing
     * item's attributes, or adds a new item to the table if it does not already exist";
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.SET.PreventingAttributeOverwrites).
     */
    public ClaimAttempt createAndTake(ExtractionRecord queued, Instant now, Duration lease) {
        String token = newToken();
        Map<String, String> names = new HashMap<>(Map.of("#st", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":running", s(ExtractionStatus.RUNNING.name()),
                ":queued", s(ExtractionStatus.QUEUED.name()),
                ":lease", Items.n(now.plus(lease).toEpochMilli()),
                ":now", Items.n(now.toEpochMilli()),
                ":started", s(Items.timestamp(now)),
                ":token", s(token),
                ":one", Items.n(1)));
        StringBuilder set = new StringBuilder(
                "SET #st = :running, leaseUntil = :lease, startedAt = :started, claimToken = :token");
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : toItem(queued).entrySet()) {
            String name = attribute.getKey();
            if (name.equals("pk") || name.equals("sk") || name.equals("status") || name.equals("attempts")) {
                continue; // the key, the claim's own status, and the count the claim adds to
            }
            names.put("#a" + i, name);
            values.put(":a" + i, attribute.getValue());
            set.append(", #a").append(i).append(" = if_not_exists(#a").append(i).append(", :a").append(i).append(')');
            i++;
        }
        String update = set.append(" ADD attempts :one").toString();
        if (update.length() > MAX_EXPRESSION_BYTES) { // ASCII: characters are bytes
            throw new IllegalStateException("create-and-claim expression of " + update.length() + " bytes");
        }
        try {
            Map<String, AttributeValue> claimed = dynamo.updateItem(b -> b.tableName(table)
                    .key(key(queued.documentId(), queued.extractionId()))
                    .updateExpression(update)
                    .conditionExpression("attribute_not_exists(pk) OR #st = :queued"
                            + " OR (#st = :running AND leaseUntil < :now)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new ClaimAttempt(Claim.CLAIMED, Optional.of(fromItem(claimed)), token);
        } catch (ConditionalCheckFailedException e) {
            return ClaimAttempt.notClaimed(whyNotClaimed(queued.documentId(), queued.extractionId()));
        }
    }

    /**
     * Gives a claimed extraction back (e.g. an unexpected error) so the next delivery can take it; only while
     * the claim {@code token} still holds it.
     */
    public void release(String documentId, String extractionId, String token) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(documentId, extractionId))
                    .updateExpression("SET #st = :queued REMOVE leaseUntil, claimToken")
                    .conditionExpression(HELD_BY_TOKEN)
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":queued", s(ExtractionStatus.QUEUED.name()),
                            ":running", s(ExtractionStatus.RUNNING.name()), ":token", s(token))));
        } catch (ConditionalCheckFailedException e) {
            // already finished or taken over: nothing to give back
        }
    }

    /**
     * Gives a claimed extraction back after Bedrock stayed busy, and spends one unit of its retry budget:
     * counts the retry and remembers when throttling began. Empty when this worker no longer holds it.
     */
    public Optional<ExtractionRecord> returnAfterThrottling(String documentId, String extractionId, Instant now,
                                                            String token) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table)
                    .key(key(documentId, extractionId))
                    .updateExpression("SET #st = :queued, firstThrottledAt = if_not_exists(firstThrottledAt, :now)"
                            + " REMOVE leaseUntil, claimToken ADD throttleRetries :one")
                    .conditionExpression(HELD_BY_TOKEN)
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":queued", s(ExtractionStatus.QUEUED.name()),
                            ":running", s(ExtractionStatus.RUNNING.name()),
                            ":token", s(token),
                            ":now", s(Items.timestamp(now)),
                            ":one", Items.n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** When the current holder's lease ends, if the extraction is RUNNING. */
    public Optional<Instant> leaseEnd(String documentId, String extractionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(documentId, extractionId)).consistentRead(true)).item();
        return Optional.ofNullable(item == null ? null : Items.lng(item, "leaseUntil")).map(Instant::ofEpochMilli);
    }

    /** What marking a dead-lettered extraction found. */
    public enum DeadLetterMark { MARKED, ALREADY_FINISHED, LEASE_HELD, MISSING }

    /**
     * Ends a QUEUED extraction, or a RUNNING one whose lease expired, as {@code failed}. A worker still inside
     * its lease is left alone: it may yet finish (a duplicate message can be running while this one died).
     */
    public DeadLetterMark markDeadLettered(ExtractionRecord failed, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(failed))
                    .conditionExpression("attribute_exists(pk) AND (#st = :queued OR (#st = :running AND leaseUntil < :now))")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(
                            ":queued", s(ExtractionStatus.QUEUED.name()),
                            ":running", s(ExtractionStatus.RUNNING.name()),
                            ":now", Items.n(now.toEpochMilli()))));
            return DeadLetterMark.MARKED;
        } catch (ConditionalCheckFailedException e) {
            return find(failed.documentId(), failed.extractionId())
                    .map(r -> r.status().isFinal() ? DeadLetterMark.ALREADY_FINISHED : DeadLetterMark.LEASE_HELD)
                    .orElse(DeadLetterMark.MISSING);
        }
    }

    /**
     * Stores the final state; only the worker whose claim {@code token} still holds the extraction can. A
     * worker whose lease ran out while another took the extraction over finds its write refused.
     */
    public boolean finish(ExtractionRecord finished, String token) {
        Map<String, AttributeValue> item = toItem(finished);
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(HELD_BY_TOKEN)
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":running", s(ExtractionStatus.RUNNING.name()),
                            ":token", s(token))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Map<String, AttributeValue> toItem(ExtractionRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.documentId(), r.extractionId()));
        item.put("entity", s("extraction"));
        item.put("extractionId", s(r.extractionId()));
        item.put("documentId", s(r.documentId()));
        putIfPresent(item, "status", r.status());
        putIfPresent(item, "promptVersion", r.promptVersion());
        putIfPresent(item, "modelId", r.modelId());
        putIfPresent(item, "trigger", r.trigger());
        putIfPresent(item, "requestedAt", r.requestedAt());
        putIfPresent(item, "completedAt", r.completedAt());
        if (r.completedAt() != null && r.countsInProductionMetrics()) {
            // Sparse index: evaluation extractions never enter byCompletedHour, so rollups and live metrics skip them.
            item.put("completedHour", s(HOUR.format(r.completedAt())));
        }
        putIfPresent(item, "latencyMs", r.latencyMs());
        putIfPresent(item, "inputTokens", r.inputTokens());
        putIfPresent(item, "outputTokens", r.outputTokens());
        putIfPresent(item, "costUsd", r.costUsd());
        putIfPresent(item, "schemaValid", r.schemaValid());
        putIfPresent(item, "fieldCompleteness", r.fieldCompleteness());
        if (!r.filledFields().isEmpty()) {
            item.put("filledFields", Items.stringList(r.filledFields()));
        }
        if (!r.schemaFields().isEmpty()) {
            item.put("schemaFields", Items.stringList(r.schemaFields()));
        }
        if (!r.entityCounts().isEmpty()) {
            item.put("entityCounts", Items.intMap(r.entityCounts()));
        }
        putIfPresent(item, "stopReason", r.stopReason());
        putIfPresent(item, "errorCategory", r.errorCategory());
        putIfPresent(item, "errorMessage", r.errorMessage());
        putIfPresent(item, "result", r.resultJson());
        putIfPresent(item, "experimentId", r.experimentId());
        putIfPresent(item, "variant", r.variant());
        item.put("attempts", Items.n(r.attempts()));
        if (r.sentAs() != null) {
            item.put("sentAs", sentAsItem(r.sentAs()));
        }
        if (r.throttleRetries() > 0) {
            item.put("throttleRetries", Items.n(r.throttleRetries()));
        }
        putIfPresent(item, "firstThrottledAt", r.firstThrottledAt());
        putIfPresent(item, "requestedBy", r.requestedBy());
        if (r.expiresAt() != null) {
            item.put(Items.TTL, Items.n(r.expiresAt().getEpochSecond()));
        }
        return item;
    }

    private static AttributeValue sentAsItem(SentAs sentAs) {
        return AttributeValue.fromM(Map.of(
                "form", s(sentAs.form().name()),
                "pagesSent", Items.n(sentAs.pagesSent()),
                "pagesTotal", Items.n(sentAs.pagesTotal()),
                "downscaled", AttributeValue.fromBool(sentAs.downscaled())));
    }

    private static SentAs sentAs(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("sentAs");
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        return new SentAs(Items.enumValue(m, "form", SentAs.Form.class), Items.lng(m, "pagesSent").intValue(),
                Items.lng(m, "pagesTotal").intValue(), Boolean.TRUE.equals(Items.bool(m, "downscaled")));
    }

    static ExtractionRecord fromItem(Map<String, AttributeValue> item) {
        Long attempts = Items.lng(item, "attempts");
        Long throttleRetries = Items.lng(item, "throttleRetries");
        return new ExtractionRecord(
                Items.str(item, "extractionId"),
                Items.str(item, "documentId"),
                Items.enumValue(item, "status", ExtractionStatus.class),
                Items.str(item, "promptVersion"),
                Items.str(item, "modelId"),
                Items.enumValue(item, "trigger", ExtractionRecord.Trigger.class),
                Items.instant(item, "requestedAt"),
                Items.instant(item, "completedAt"),
                Items.lng(item, "latencyMs"),
                Items.lng(item, "inputTokens"),
                Items.lng(item, "outputTokens"),
                Items.dbl(item, "costUsd"),
                Items.bool(item, "schemaValid"),
                Items.dbl(item, "fieldCompleteness"),
                Items.strings(item, "filledFields"),
                Items.strings(item, "schemaFields"),
                Items.intMap(item, "entityCounts"),
                Items.str(item, "stopReason"),
                Items.enumValue(item, "errorCategory", ErrorCategory.class),
                Items.str(item, "errorMessage"),
                Items.str(item, "result"),
                Items.str(item, "experimentId"),
                Items.str(item, "variant"),
                attempts == null ? 0 : attempts.intValue(),
                sentAs(item),
                throttleRetries == null ? 0 : throttleRetries.intValue(),
                Items.instant(item, "firstThrottledAt"),
                Items.str(item, "requestedBy"),
                Items.epochSeconds(item, Items.TTL));
    }

    /**
     * Extractions finished in one hour (byCompletedHour index), all pages (the paginator follows
     * LastEvaluatedKey), with only the attributes the rollup reads ({@link #ROLLED}).
     */
    public List<ExtractionRecord> completedIn(Instant hour) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName("byCompletedHour")
                        .keyConditionExpression("completedHour = :h")
                        .projectionExpression(ROLLED.expression())
                        .expressionAttributeNames(ROLLED.names())
                        .expressionAttributeValues(Map.of(":h", s(HOUR.format(hour)))))
                .items().stream().map(ExtractionRepository::fromItem).toList();
    }

    /**
     * Extractions finished in one hour at or after {@code from} (byCompletedHour index, key condition on its sort
     * key): the short raw tail after a rollup's watermark.
     */
    public List<ExtractionRecord> completedInSince(Instant hour, Instant from) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName("byCompletedHour")
                        .keyConditionExpression("completedHour = :h AND completedAt >= :from")
                        .projectionExpression(MEASURED.expression())
                        .expressionAttributeNames(MEASURED.names())
                        .expressionAttributeValues(Map.of(":h", s(HOUR.format(hour)), ":from", s(Items.timestamp(from)))))
                .items().stream().map(ExtractionRepository::fromItem).toList();
    }

    /**
     * What the metrics aggregate of an extraction reads: a raw tail row comes back with only these attributes,
     * about half of what the index holds, and each attribute left out is JSON the SDK does not parse.
     */
    static final ItemProjection MEASURED = ItemProjection.of("status", "promptVersion", "modelId", "trigger",
            "completedAt", "latencyMs", "inputTokens", "outputTokens", "costUsd", "fieldCompleteness",
            "filledFields", "schemaFields", "errorCategory");

    /** What the rollup reads of an extraction: the measurements and the experiment it ran in. */
    static final ItemProjection ROLLED = ItemProjection.of("status", "promptVersion", "modelId", "trigger",
            "completedAt", "latencyMs", "inputTokens", "outputTokens", "costUsd", "fieldCompleteness",
            "filledFields", "schemaFields", "errorCategory", "experimentId");

    /** Extractions of one experiment completed at or after {@code from} (byExperiment index, sorted by completedAt). */
    public List<ExtractionRecord> forExperimentSince(String experimentId, Instant from) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName("byExperiment")
                        .keyConditionExpression("experimentId = :id AND completedAt >= :from")
                        .expressionAttributeValues(Map.of(":id", s(experimentId), ":from", s(Items.timestamp(from)))))
                .items().stream().map(ExtractionRepository::fromItem).toList();
    }

    /** Every extraction of a document, oldest first (used by tests and support tooling). */
    public List<ExtractionRecord> allFor(String documentId) {
        return dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :ext)")
                        .expressionAttributeValues(Map.of(":pk", s("DOC#" + documentId), ":ext", s(SORT_KEY_PREFIX)))
                        .consistentRead(true))
                .items().stream().map(ExtractionRepository::fromItem).toList();
    }
}
