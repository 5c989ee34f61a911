package io.medextract.handlers.experiments;

import io.medextract.handlers.evaluation.runs.EvaluationStore;
import io.medextract.handlers.evaluation.runs.PromotionGate;
import io.medextract.handlers.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentRepository;

/**
 * Starts an experiment (takes its label's running lock) and moves a prompt label (promotion, rollback), each in one
 * DynamoDB transaction with everything that belongs to it: a move with its audit record, the experiment's new state,
 * the label's running lock, and the promotion gate's set record. Either all of it is written or none (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html),
 * so there is nothing to put back by hand when a concurrent change wins, and a moved label always has its record.
 *
 * <p>Audit records go to the append-only audit table, keyed {@code LABEL#<label>} / {@code <at>#<action>#<experimentId>},
 * written only if that key is new: a record is never overwritten (and the functions' roles may not update, delete or
 * read them).
 */
public final class PromptLabelMoves {

    /** What a move attempt found. */
    public enum Outcome { MOVED, LABEL_MOVED_MEANWHILE, EXPERIMENT_CHANGED_MEANWHILE, GATE_MOVED_MEANWHILE, ALREADY_RECORDED }

    /** The audited actions. */
    public enum Action { PROMOTE, ROLLBACK }

    private final DynamoDbClient dynamo;
    private final String experimentsTable;
    private final String auditTable;
    private final EvaluationStore evaluations;

    public PromptLabelMoves(DynamoDbClient dynamo, String experimentsTable, String auditTable, EvaluationStore evaluations) {
        this.dynamo = dynamo;
        this.experimentsTable = experimentsTable;
        this.auditTable = auditTable;
        this.evaluations = evaluations;
    }

    /** What starting an experiment found. */
    public enum StartOutcome { STARTED, LABEL_LOCKED, EXPERIMENT_CHANGED }

    /**
     * Takes the label's running lock for the experiment and stores it as {@code running}, in one transaction: both or
     * neither, so a lost race leaves no lock to give back.
     */
    public StartOutcome start(Experiment running, long expectedVersion) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(experimentsTable)
                            .item(Map.of("pk", s("RUNNING#" + running.label()), "sk", s("LOCK"),
                                    "experimentId", s(running.id())))
                            .conditionExpression("attribute_not_exists(pk) OR experimentId = :id")
                            .expressionAttributeValues(Map.of(":id", s(running.id()))).build()).build(),
                    experimentPut(running, expectedVersion)));
            return StartOutcome.STARTED;
        } catch (TransactionCanceledException e) {
            return failed(e.hasCancellationReasons() ? e.cancellationReasons() : List.of(), 0)
                    ? StartOutcome.LABEL_LOCKED : StartOutcome.EXPERIMENT_CHANGED;
        }
    }

    /**
     * Points the label at the winner if it still points at {@code move.from()} (or was never set and
     * {@code fromIsDefault}), stores the experiment as {@code promoted} if it is still at {@code expectedVersion},
     * releases the label's running lock, moves the gate's set record when the gate says so, and records the move.
     */
    public Outcome promote(ExperimentRepository.LabelMove move, boolean fromIsDefault, Experiment promoted,
                           long expectedVersion, PromotionGate gate) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(labelPut(move, fromIsDefault));
        items.add(experimentPut(promoted, expectedVersion));
        items.add(audit(Action.PROMOTE, move, gate));
        // The experiment's own running lock goes with it (a RUNNING experiment's; a STOPPED one's, should its stop
        // have died before releasing it). Another experiment's lock on the label is left alone, as before.
        Map<String, AttributeValue> lockKey = Map.of("pk", s("RUNNING#" + move.label()), "sk", s("LOCK"));
        Map<String, AttributeValue> lock = dynamo.getItem(b -> b.tableName(experimentsTable).key(lockKey)
                .consistentRead(true)).item();
        if (lock != null && lock.containsKey("experimentId") && move.experimentId().equals(lock.get("experimentId").s())) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(experimentsTable).key(lockKey)
                    .conditionExpression("experimentId = :id")
                    .expressionAttributeValues(Map.of(":id", s(move.experimentId()))).build()).build());
        }
        int gateIndex = gate.setMove().isPresent() ? items.size() : -1;
        gate.setMove().ifPresent(m -> items.add(evaluations.gateMove(m, move.at())));
        return run(items, gateIndex);
    }

    /** Points the label back at {@code move.to()} if it still points at {@code move.from()}, and records it. */
    public Outcome rollback(ExperimentRepository.LabelMove move, Experiment rolledBack, long expectedVersion) {
        return run(List.of(labelPut(move, false), experimentPut(rolledBack, expectedVersion),
                audit(Action.ROLLBACK, move, PromotionGate.none())), -1);
    }

    /** Runs the items: label first, experiment second, audit record third; {@code gateIndex} the gate's, or -1. */
    private Outcome run(List<TransactWriteItem> items, int gateIndex) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return Outcome.MOVED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (failed(reasons, 0)) {
                return Outcome.LABEL_MOVED_MEANWHILE;
            }
            if (failed(reasons, 2)) {
                return Outcome.ALREADY_RECORDED;
            }
            if (gateIndex >= 0 && failed(reasons, gateIndex)) {
                return Outcome.GATE_MOVED_MEANWHILE;
            }
            return Outcome.EXPERIMENT_CHANGED_MEANWHILE;
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private TransactWriteItem labelPut(ExperimentRepository.LabelMove move, boolean fromIsDefault) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("LABEL#" + move.label()));
        item.put("sk", s("CURRENT"));
        item.put("promptVersion", s(move.to()));
        item.put("previousVersion", s(move.from()));
        item.put("updatedBy", s(move.by()));
        item.put("updatedAt", s(move.at().toString()));
        item.put("experimentId", s(move.experimentId()));
        return TransactWriteItem.builder().put(Put.builder().tableName(experimentsTable).item(item)
                .conditionExpression(fromIsDefault ? "attribute_not_exists(pk) OR promptVersion = :from"
                        : "promptVersion = :from")
                .expressionAttributeValues(Map.of(":from", s(move.from()))).build()).build();
    }

    private TransactWriteItem experimentPut(Experiment updated, long expectedVersion) {
        return TransactWriteItem.builder().put(Put.builder().tableName(experimentsTable)
                .item(ExperimentRepository.toItem(updated))
                .conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion))))
                .build()).build();
    }

    /** The audit record: who moved which label from where to where, when, for which experiment, on what evidence. */
    private TransactWriteItem audit(Action action, ExperimentRepository.LabelMove move, PromotionGate gate) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("LABEL#" + move.label()));
        item.put("sk", s(move.at() + "#" + action + "#" + move.experimentId()));
        item.put("action", s(action.name()));
        item.put("label", s(move.label()));
        item.put("from", s(move.from()));
        item.put("to", s(move.to()));
        item.put("by", s(move.by()));
        item.put("at", s(move.at().toString()));
        item.put("experimentId", s(move.experimentId()));
        if (!gate.checks().isEmpty()) {
            item.put("evaluationSets", AttributeValue.fromL(gate.sets().stream().map(PromptLabelMoves::s).toList()));
            item.put("evaluationGate", s(Json.write(gate.describe())));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(auditTable).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
