package io.medextract.tests.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * dynalite has no TransactWriteItems; {@code test/dynalite-transactions.js} adds it. These requests, through the real
 * SDK client, hold it to the documented contract
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html): all or nothing with
 * one cancellation reason per action, the action and item limits, isolation from concurrent writers, idempotent
 * client tokens, and doubled write units.
 */
class DynaliteTransactionsContractTest {

    private static DynamoDbClient dynamo;
    private static String first;
    private static String second;

    @BeforeAll
    static void tables() {
        dynamo = new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of("dynamodb", LocalServers.get().dynamoEndpoint()))).dynamoDb();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        first = "tx-results-" + suffix;
        second = "tx-experiments-" + suffix;
        ConstructTables.create(dynamo, "Results", first);
        ConstructTables.create(dynamo, "Experiments", second);
    }

    @Test
    void writesEveryActionAcrossTablesAndKeepsIndexes() {
        String pk = fresh();
        put(first, pk, "old", Map.of("status", s("QUEUED")));
        dynamo.transactWriteItems(b -> b.transactItems(
                putItem(second, pk, "label", Map.of("promptVersion", s("v2"))),
                TransactWriteItem.builder().update(Update.builder().tableName(first).key(key(pk, "counter"))
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1))).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(first).key(key(pk, "old")).build()).build(),
                putItem(first, pk, "EXT#ext_1", Map.of("extractionId", s("ext_indexed"), "documentId", s(pk)))));
        assertThat(get(second, pk, "label")).containsEntry("promptVersion", s("v2"));
        assertThat(get(first, pk, "counter")).containsEntry("hits", n(1));
        assertThat(get(first, pk, "old")).isEmpty();
        // The byExtractionId index sees the transaction's item, as it would a PutItem's.
        assertThat(dynamo.query(b -> b.tableName(first).indexName("byExtractionId")
                .keyConditionExpression("extractionId = :id")
                .expressionAttributeValues(Map.of(":id", s("ext_indexed")))).items()).hasSize(1);
    }

    @Test
    void aFailedConditionWritesNothingAndGivesOneReasonPerActionInOrder() {
        String pk = fresh();
        put(first, pk, "guard", Map.of("version", n(3)));
        TransactionCanceledException cancelled = (TransactionCanceledException) catchThrown(() ->
                dynamo.transactWriteItems(b -> b.transactItems(
                        putItem(second, pk, "label", Map.of("promptVersion", s("v2"))),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(first)
                                .key(key(pk, "guard")).conditionExpression("version = :v")
                                .expressionAttributeValues(Map.of(":v", n(2)))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(first).key(key(pk, "counter"))
                                .updateExpression("ADD hits :one")
                                .expressionAttributeValues(Map.of(":one", n(1))).build()).build())));
        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed", "None");
        assertThat(cancelled.cancellationReasons().get(1).item()).containsEntry("version", n(3));
        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(get(second, pk, "label")).isEmpty();
        assertThat(get(first, pk, "counter")).isEmpty();
    }

    @Test
    void anUpdateThatCannotApplyCancelsBeforeAnythingIsWritten() {
        String pk = fresh();
        put(first, pk, "text", Map.of("hits", s("not a number")));
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                putItem(second, pk, "label", Map.of("promptVersion", s("v2"))),
                TransactWriteItem.builder().update(Update.builder().tableName(first).key(key(pk, "text"))
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1))).build())
                        .build())))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("incorrect data type");
        assertThat(get(second, pk, "label")).isEmpty();
    }

    @Test
    void refusesTwoActionsOnOneItemMoreThanAHundredActionsAndAConditionCheckWithoutCondition() {
        String pk = fresh();
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                putItem(first, pk, "same", Map.of()), putItem(first, pk, "same", Map.of("a", s("b"))))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("multiple operations on one item");
        List<TransactWriteItem> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(putItem(first, pk, "item-" + i, Map.of()));
        }
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(many)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("less than or equal to 100");
        assertThat(dynamo.transactWriteItems(b -> b.transactItems(many.subList(0, 100))).sdkHttpResponse().isSuccessful())
                .isTrue();
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder().tableName(first).key(key(pk, "x")).build()).build())))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("ConditionExpression");
    }

    @Test
    void aClientTokenMakesARepeatChangeNothingAndRefusesOtherParameters() {
        String pk = fresh();
        String token = UUID.randomUUID().toString();
        TransactWriteItem add = TransactWriteItem.builder().update(Update.builder().tableName(first)
                .key(key(pk, "counter")).updateExpression("ADD hits :one")
                .expressionAttributeValues(Map.of(":one", n(1))).build()).build();
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(add));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(add));
        assertThat(get(first, pk, "counter")).containsEntry("hits", n(1));
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.clientRequestToken(token)
                .transactItems(putItem(first, pk, "other", Map.of()))))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void concurrentTransactionsOnOneItemNeverBothPassTheirCondition() throws Exception {
        String pk = fresh();
        put(second, pk, "label", Map.of("promptVersion", s("v1")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger won = new AtomicInteger();
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String audit = "audit-" + i;
            runs.add(pool.submit(() -> {
                try {
                    dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(Put.builder().tableName(second)
                                    .item(item(pk, "label", Map.of("promptVersion", s("v2"))))
                                    .conditionExpression("promptVersion = :from")
                                    .expressionAttributeValues(Map.of(":from", s("v1"))).build()).build(),
                            putItem(first, pk, audit, Map.of())));
                    won.incrementAndGet();
                } catch (TransactionCanceledException lost) {
                    // another transaction moved the label first
                }
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        assertThat(won).hasValue(1);
        assertThat(dynamo.query(b -> b.tableName(first).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))).items()).hasSize(1);
    }

    @Test
    void consumesTwoWriteUnitsPerKilobytePerItem() {
        String pk = fresh();
        TransactWriteItemsResponse answer = dynamo.transactWriteItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(putItem(first, pk, "small", Map.of()),
                        putItem(first, pk, "large", Map.of("blob", s("x".repeat(1500)))),
                        putItem(second, pk, "small", Map.of())));
        assertThat(answer.consumedCapacity()).hasSize(2).allSatisfy(c -> assertThat(c.capacityUnits())
                .isEqualTo(c.tableName().equals(first) ? 2.0 + 4.0 : 2.0));
    }

    private static String fresh() {
        return "TX#" + UUID.randomUUID();
    }

    private static Throwable catchThrown(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the transaction to be cancelled");
    }

    private static TransactWriteItem putItem(String table, String pk, String sk, Map<String, AttributeValue> more) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(pk, sk, more))
                .conditionExpression("attribute_not_exists(pk) OR attribute_exists(pk)").build()).build();
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(more);
        item.putAll(key(pk, sk));
        return item;
    }

    private static void put(String table, String pk, String sk, Map<String, AttributeValue> more) {
        dynamo.putItem(b -> b.tableName(table).item(item(pk, sk, more)));
    }

    private static Map<String, AttributeValue> get(String table, String pk, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }
}
