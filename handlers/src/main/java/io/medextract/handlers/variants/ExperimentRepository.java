package io.medextract.handlers.variants;

import com.fasterxml.jackson.core.type.TypeReference;
import io.medextract.handlers.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Experiments, the per-label "running" lock, and prompt labels, in the experiments table (what must change together
 * with the lock or a label, in one transaction: {@code experiments.PromptLabelMoves}; the extract function, which shares this
 * class, never writes in a transaction). Every state change is a conditional write on the version the caller read, so concurrent updates
 * never silently overwrite each other.
 */
public final class ExperimentRepository {

    /** A label move as its audit record describes it. */
    public record LabelMove(String label, String from, String to, String by, Instant at, String experimentId) {}

    /**
     * The {@code entity} of an experiment item: with {@code createdAt} it is the key of the byCreated index, which
     * lists experiments. Every version wrote both on every experiment item, so existing items are in the index too.
     */
    public static final String ENTITY = "experiment";

    private final DynamoDbClient dynamo;
    private final String table;

    public ExperimentRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void create(Experiment e) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(e)).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<Experiment> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Replaces {@code updated} if the stored version is still {@code expectedVersion}; false otherwise. */
    public boolean replace(Experiment updated, long expectedVersion) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(updated))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void unlockLabel(String label, String experimentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("RUNNING#" + label), "sk", s("LOCK")))
                    .conditionExpression("experimentId = :id")
                    .expressionAttributeValues(Map.of(":id", s(experimentId))));
        } catch (ConditionalCheckFailedException e) {
            // not ours (or already gone)
        }
    }

    public Optional<String> runningExperimentFor(String label) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s("RUNNING#" + label), "sk", s("LOCK")))).item();
        return item == null || !item.containsKey("experimentId") ? Optional.empty()
                : Optional.of(item.get("experimentId").s());
    }

    public Optional<String> labelVersion(String label) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s("LABEL#" + label), "sk", s("CURRENT"))).consistentRead(true)).item();
        return item == null || !item.containsKey("promptVersion") ? Optional.empty()
                : Optional.of(item.get("promptVersion").s());
    }

    public static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", s("EXP#" + id), "sk", s("META"));
    }

    public static Map<String, AttributeValue> toItem(Experiment e) {
        Map<String, AttributeValue> item = new HashMap<>(key(e.id()));
        item.put("entity", s(ENTITY));
        item.put("experimentId", s(e.id()));
        item.put("name", s(e.name()));
        item.put("label", s(e.label()));
        item.put("variants", s(Json.write(e.variants())));
        item.put("primaryMetric", s(e.primaryMetric().name()));
        item.put("minimumDetectableEffect", n(e.minimumDetectableEffect()));
        item.put("alpha", n(e.alpha()));
        item.put("power", n(e.power()));
        item.put("status", s(e.status().name()));
        item.put("version", n(e.version()));
        item.put("createdAt", s(e.createdAt().toString()));
        if (e.startedAt() != null) {
            item.put("startedAt", s(e.startedAt().toString()));
        }
        if (e.stoppedAt() != null) {
            item.put("stoppedAt", s(e.stoppedAt().toString()));
        }
        if (e.promotedVariant() != null) {
            item.put("promotedVariant", s(e.promotedVariant()));
        }
        if (e.previousLabelVersion() != null) {
            item.put("previousLabelVersion", s(e.previousLabelVersion()));
        }
        return item;
    }

    public static Experiment fromItem(Map<String, AttributeValue> item) {
        try {
            List<Experiment.Variant> variants = Json.mapper().readValue(item.get("variants").s(),
                    new TypeReference<List<Experiment.Variant>>() { });
            return new Experiment(item.get("experimentId").s(), item.get("name").s(), item.get("label").s(), variants,
                    PrimaryMetric.valueOf(item.get("primaryMetric").s()),
                    Double.parseDouble(item.get("minimumDetectableEffect").n()),
                    Double.parseDouble(item.get("alpha").n()), Double.parseDouble(item.get("power").n()),
                    ExperimentStatus.valueOf(item.get("status").s()), Long.parseLong(item.get("version").n()),
                    Instant.parse(item.get("createdAt").s()),
                    item.containsKey("startedAt") ? Instant.parse(item.get("startedAt").s()) : null,
                    item.containsKey("stoppedAt") ? Instant.parse(item.get("stoppedAt").s()) : null,
                    item.containsKey("promotedVariant") ? item.get("promotedVariant").s() : null,
                    item.containsKey("previousLabelVersion") ? item.get("previousLabelVersion").s() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(Number v) {
        return AttributeValue.fromN(v.toString());
    }
}
