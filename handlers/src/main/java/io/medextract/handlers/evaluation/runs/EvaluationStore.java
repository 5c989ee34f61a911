package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.store.LabelledDocumentItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Evaluation sets, their documents and runs in the experiments table (encrypted with the platform key). Items:
 * <pre>
 * EVALSET#name   V#00001               one set version: template, state, manifest (documentIds)
 * EVALSET#name   V#00001#DOC#doc_...   one labelled document: file name, type, expected JSON
 * EVALSET#name   RUN#createdAt#evr_... a run of that set (for listing runs side by side)
 * EVALSETS       name                  the set names (for listing sets)
 * EVALRUN#evr_   META                  one run
 * EVALRUNNING    evr_...               a run not scored yet (what the schedule looks at)
 * EVALHISTORY    completedAt#evr_...   a completed run's headline numbers (accuracy over time)
 * PROMOTION_GATE CURRENT               the pinned set version that gated the last promotion
 * </pre>
 * None of them has a {@code status} attribute, so the experiments' byStatus index never sees them.
 */
public final class EvaluationStore {

    /** A completed run's headline numbers, for accuracy over time. */
    public record HistoryPoint(Instant completedAt, String runId, String set, String promptVersion, String modelId,
                               double accuracy, int documents) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public EvaluationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    // ---- sets ----

    /** Writes a new set version; false when that version exists already. */
    public boolean createSet(EvaluationSet set) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(setItem(set)).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("EVALSETS"), "sk", s(set.id().name()),
                "entity", s("evaluationSetName"), "template", s(set.template()))));
        return true;
    }

    public Optional<EvaluationSet> findSet(EvaluationSetId id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(setKey(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(set(item));
    }

    /** Every version of a set, oldest first. */
    public List<EvaluationSet> versions(String name) {
        List<EvaluationSet> sets = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                        .filterExpression("entity = :set")
                        .expressionAttributeValues(Map.of(":pk", s("EVALSET#" + name), ":v", s("V#"),
                                ":set", s("evaluationSet"))))
                .items().forEach(i -> sets.add(set(i)));
        return sets;
    }

    public List<String> setNames() {
        List<String> names = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s("EVALSETS"))))
                .items().forEach(i -> names.add(i.get("sk").s()));
        return names;
    }

    public void putDocument(EvaluationDocument doc) {
        Map<String, AttributeValue> item = new HashMap<>(LabelledDocumentItems.key(doc.set().name(),
                doc.set().version(), doc.documentId()));
        item.put("entity", s("evaluationDocument"));
        item.put("documentId", s(doc.documentId()));
        item.put("filename", s(doc.filename()));
        item.put("documentType", s(doc.type().name()));
        item.put("expected", s(doc.expectedJson()));
        item.put("addedAt", s(doc.addedAt().toString()));
        if (doc.expiresAt() != null) {
            item.put("expiresAt", n(doc.expiresAt().getEpochSecond())); // the table's TTL attribute
        }
        if (doc.sha256() != null) {
            item.put("sha256", s(doc.sha256()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    public void deleteDocument(EvaluationSetId set, String documentId) {
        dynamo.deleteItem(b -> b.tableName(table).key(LabelledDocumentItems.key(set.name(), set.version(), documentId)));
    }

    /** The labelled documents of a set version by id (including any not in its manifest: callers filter). */
    public Map<String, EvaluationDocument> documents(EvaluationSetId set) {
        Map<String, EvaluationDocument> docs = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :d)")
                        .expressionAttributeValues(Map.of(":pk", s("EVALSET#" + set.name()),
                                ":d", s(versionKey(set.version()) + "#DOC#"))))
                .items().forEach(i -> docs.put(i.get("documentId").s(), new EvaluationDocument(set,
                        i.get("documentId").s(), i.get("filename").s(), DocumentType.valueOf(i.get("documentType").s()),
                        i.get("expected").s(), Instant.parse(i.get("addedAt").s()),
                        i.containsKey("expiresAt") ? Instant.ofEpochSecond(Long.parseLong(i.get("expiresAt").n())) : null,
                        i.containsKey("sha256") ? i.get("sha256").s() : null)));
        return docs;
    }

    /** Appends a document to an OPEN version's manifest; false when the version is SEALED (or full). */
    public boolean appendToManifest(EvaluationSetId set, String documentId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(setKey(set))
                    .updateExpression("SET documentIds = list_append(documentIds, :id)")
                    .conditionExpression("attribute_exists(pk) AND #state = :open AND size(documentIds) < :max")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromL(List.of(s(documentId))),
                            ":open", s(EvaluationSet.State.OPEN.name()),
                            ":max", n(EvaluationSet.MAX_DOCUMENTS))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Seals a version (idempotent) and returns it as sealed, manifest included; empty when it does not exist. */
    public Optional<EvaluationSet> seal(EvaluationSetId set, Instant at) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(setKey(set))
                    .updateExpression("SET #state = :sealed, sealedAt = if_not_exists(sealedAt, :at)")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":sealed", s(EvaluationSet.State.SEALED.name()),
                            ":at", s(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(set(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    // ---- the promotion gate's set ----

    private static final Map<String, AttributeValue> GATE_KEY = Map.of("pk", s("PROMOTION_GATE"), "sk", s("CURRENT"));

    /** The pinned set version that gated the last promotion; empty before the first gated promotion. */
    public Optional<EvaluationSetId> gatedSet() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(GATE_KEY).consistentRead(true)).item();
        return item == null || !item.containsKey("set") ? Optional.empty()
                : Optional.of(EvaluationSetId.parse(item.get("set").s()));
    }

    /**
     * The write that moves the gate's record to {@code move.to()}, conditional on it still naming {@code move.from()}
     * (or being absent): part of the promotion's transaction, so two promotions cannot both move it from one version.
     */
    public TransactWriteItem gateMove(PromotionGate.SetMove move, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(GATE_KEY);
        item.put("entity", s("promotionGate"));
        item.put("set", s(move.to().toString()));
        item.put("since", s(at.toString()));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (move.from().isPresent()) {
            put.conditionExpression("#set = :from").expressionAttributeNames(Map.of("#set", "set"))
                    .expressionAttributeValues(Map.of(":from", s(move.from().get().toString())));
        } else {
            put.conditionExpression("attribute_not_exists(pk)");
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    // ---- runs ----

    /** Writes a new run and its pointer under the set; false when a run with this id exists already. */
    public boolean createRun(EvaluationRun run) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(runItem(run)).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("EVALRUNNING"), "sk", s(run.runId()),
                "entity", s("evaluationRunPending"))));
        // The pointer names what the run compares (set version, prompt version, model), so a reader looking for
        // particular prompt versions opens only their runs.
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("EVALSET#" + run.set().name()),
                "sk", s("RUN#" + stamp(run.createdAt()) + "#" + run.runId()), "entity", s("evaluationRunPointer"),
                "runId", s(run.runId()), "setVersion", n(run.set().version()),
                "promptVersion", s(run.promptVersion()), "modelId", s(run.modelId()))));
        return true;
    }

    /**
     * A run as its set lists it. {@code setVersion}, {@code promptVersion} and {@code modelId} are null for pointers
     * written before they carried them: such a run must be read to be known.
     */
    public record RunPointer(String runId, Integer setVersion, String promptVersion, String modelId) {}

    /** The runs of every version of a set, newest first (one query, no run item read). */
    public List<RunPointer> runPointersOf(String setName) {
        List<RunPointer> pointers = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).scanIndexForward(false)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :r)")
                        .expressionAttributeValues(Map.of(":pk", s("EVALSET#" + setName), ":r", s("RUN#"))))
                .items().forEach(i -> pointers.add(new RunPointer(i.get("runId").s(),
                        i.containsKey("setVersion") ? Integer.valueOf(i.get("setVersion").n()) : null,
                        i.containsKey("promptVersion") ? i.get("promptVersion").s() : null,
                        i.containsKey("modelId") ? i.get("modelId").s() : null)));
        return pointers;
    }

    public Optional<EvaluationRun> findRun(String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s("EVALRUN#" + runId), "sk", s("META"))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(run(item));
    }

    /** Runs not completed yet (for the schedule that scores finished ones). */
    public List<String> runningRunIds() {
        List<String> ids = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s("EVALRUNNING"))))
                .items().forEach(i -> ids.add(i.get("sk").s()));
        return ids;
    }

    /** Run ids of every version of a set, oldest first. */
    public List<String> runIdsOf(String setName) {
        List<String> ids = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :r)")
                        .expressionAttributeValues(Map.of(":pk", s("EVALSET#" + setName), ":r", s("RUN#"))))
                .items().forEach(i -> ids.add(i.get("runId").s()));
        return ids;
    }

    /** Stores the scored run if it is still RUNNING; false when another invocation completed it first. */
    public boolean complete(EvaluationRun completed) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(runItem(completed))
                    .conditionExpression("#state = :running")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":running", s(EvaluationRun.State.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * After {@link #complete}: the run's history point (keyed by its stored completion time, so writing it again is
     * harmless), then the pending marker goes. A crash in between leaves the marker, and the schedule repeats this.
     */
    public void recordCompletion(EvaluationRun completed) {
        Map<String, AttributeValue> point = new HashMap<>();
        point.put("pk", s("EVALHISTORY"));
        point.put("sk", s(stamp(completed.completedAt()) + "#" + completed.runId()));
        point.put("entity", s("evaluationHistory"));
        point.put("runId", s(completed.runId()));
        point.put("set", s(completed.set().toString()));
        point.put("promptVersion", s(completed.promptVersion()));
        point.put("modelId", s(completed.modelId()));
        point.put("accuracy", n(completed.accuracy()));
        point.put("documents", n(completed.documentIds().size()));
        dynamo.putItem(b -> b.tableName(table).item(point));
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("EVALRUNNING"), "sk", s(completed.runId()))));
    }

    /** Completed runs with {@code from <= completedAt < to}, oldest first. */
    public List<HistoryPoint> history(Instant from, Instant to) {
        List<HistoryPoint> points = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", s("EVALHISTORY"), ":from", s(stamp(from)),
                                ":to", s(stamp(to)))))
                .items().forEach(i -> {
                    Instant at = Instant.parse(i.get("sk").s().substring(0, i.get("sk").s().indexOf('#')));
                    if (at.isBefore(to)) {
                        points.add(new HistoryPoint(at, i.get("runId").s(), i.get("set").s(),
                                i.get("promptVersion").s(), i.get("modelId").s(),
                                Double.parseDouble(i.get("accuracy").n()), Integer.parseInt(i.get("documents").n())));
                    }
                });
        return points;
    }

    // ---- items ----

    /** Fixed-width UTC timestamps, so that string order in sort keys is time order. */
    private static String stamp(Instant at) {
        return STAMP.format(at);
    }

    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static String versionKey(int version) {
        return LabelledDocumentItems.versionKey(version);
    }

    private static Map<String, AttributeValue> setKey(EvaluationSetId id) {
        return Map.of("pk", s("EVALSET#" + id.name()), "sk", s(versionKey(id.version())));
    }

    private static Map<String, AttributeValue> setItem(EvaluationSet set) {
        Map<String, AttributeValue> item = new HashMap<>(setKey(set.id()));
        item.put("entity", s("evaluationSet"));
        item.put("name", s(set.id().name()));
        item.put("version", n(set.id().version()));
        item.put("template", s(set.template()));
        item.put("schemaVersion", s(set.schemaVersion()));
        item.put("state", s(set.state().name()));
        item.put("documentIds", AttributeValue.fromL(set.documentIds().stream().map(EvaluationStore::s).toList()));
        if (set.description() != null) {
            item.put("description", s(set.description()));
        }
        item.put("createdAt", s(set.createdAt().toString()));
        if (set.sealedAt() != null) {
            item.put("sealedAt", s(set.sealedAt().toString()));
        }
        if (set.owner() != null) {
            item.put("owner", s(set.owner()));
        }
        return item;
    }

    private static EvaluationSet set(Map<String, AttributeValue> i) {
        return new EvaluationSet(new EvaluationSetId(i.get("name").s(), Integer.parseInt(i.get("version").n())),
                i.get("template").s(), i.get("schemaVersion").s(),
                EvaluationSet.State.valueOf(i.get("state").s()),
                i.get("documentIds").l().stream().map(AttributeValue::s).toList(),
                i.containsKey("description") ? i.get("description").s() : null,
                Instant.parse(i.get("createdAt").s()),
                i.containsKey("sealedAt") ? Instant.parse(i.get("sealedAt").s()) : null,
                i.containsKey("owner") ? i.get("owner").s() : null);
    }

    private static Map<String, AttributeValue> runItem(EvaluationRun run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("EVALRUN#" + run.runId()));
        item.put("sk", s("META"));
        item.put("entity", s("evaluationRun"));
        item.put("runId", s(run.runId()));
        item.put("set", s(run.set().toString()));
        item.put("promptVersion", s(run.promptVersion()));
        item.put("modelId", s(run.modelId()));
        item.put("state", s(run.state().name()));
        item.put("documentIds", AttributeValue.fromL(run.documentIds().stream().map(EvaluationStore::s).toList()));
        item.put("createdBy", s(run.createdBy()));
        item.put("createdAt", s(run.createdAt().toString()));
        if (run.completedAt() != null) {
            item.put("completedAt", s(run.completedAt().toString()));
            item.put("summary", s(run.summaryJson()));
            item.put("accuracy", n(run.accuracy()));
        }
        return item;
    }

    private static EvaluationRun run(Map<String, AttributeValue> i) {
        return new EvaluationRun(i.get("runId").s(), EvaluationSetId.parse(i.get("set").s()),
                i.get("promptVersion").s(), i.get("modelId").s(), EvaluationRun.State.valueOf(i.get("state").s()),
                i.get("documentIds").l().stream().map(AttributeValue::s).toList(), i.get("createdBy").s(),
                Instant.parse(i.get("createdAt").s()),
                i.containsKey("completedAt") ? Instant.parse(i.get("completedAt").s()) : null,
                i.containsKey("summary") ? i.get("summary").s() : null,
                i.containsKey("accuracy") ? Double.valueOf(i.get("accuracy").n()) : null);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(Number v) {
        return AttributeValue.fromN(v.toString());
    }
}
