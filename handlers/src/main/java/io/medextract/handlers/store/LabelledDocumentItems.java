package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The labelled-document items of evaluation sets in the experiments table ({@code EVALSET#<name>} /
 * {@code V#<version>#DOC#<documentId>}: file name, type, expected extraction), as an erasure needs them: the key
 * format lives here, and the evaluation store writes its items with it.
 */
public final class LabelledDocumentItems {

    /** Where one set name's versions, labelled documents and run pointers live. */
    public static final String SET_PARTITION_PREFIX = "EVALSET#";
    /** The partition listing every set name. */
    public static final String SET_NAMES_PARTITION = "EVALSETS";

    private final DynamoDbClient dynamo;
    private final String table;

    public LabelledDocumentItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The sort key of a set version's item ({@code V#00001}). */
    public static String versionKey(int version) {
        return String.format(Locale.ROOT, "V#%05d", version);
    }

    /** The key of one labelled document of set {@code name@version}. */
    public static Map<String, AttributeValue> key(String setName, int version, String documentId) {
        return Map.of("pk", s(SET_PARTITION_PREFIX + setName), "sk", s(versionKey(version) + "#DOC#" + documentId));
    }

    /**
     * Deletes the labelled items of {@code documentId}: in {@code evaluationSet} ({@code name@version}) when known,
     * else wherever one is (documents labelled before their document item named the set: every set's items are
     * read once, an erasure's rare cost). Returns how many were deleted.
     */
    public int delete(String documentId, String evaluationSet) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (evaluationSet != null) {
            int at = evaluationSet.lastIndexOf('@');
            keys.add(key(evaluationSet.substring(0, at), Integer.parseInt(evaluationSet.substring(at + 1)), documentId));
        } else {
            keys.addAll(locate(documentId));
        }
        int deleted = 0;
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table).key(key)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
            if (old != null && !old.isEmpty()) {
                deleted++;
            }
        }
        return deleted;
    }

    private List<Map<String, AttributeValue>> locate(String documentId) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                        .projectionExpression("sk")
                        .expressionAttributeValues(Map.of(":pk", s(SET_NAMES_PARTITION))))
                .items().forEach(i -> names.add(i.get("sk").s()));
        for (String name : names) {
            dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                            .filterExpression("documentId = :id AND entity = :labelled")
                            .projectionExpression("pk, sk")
                            .expressionAttributeValues(Map.of(":pk", s(SET_PARTITION_PREFIX + name), ":v", s("V#"),
                                    ":id", s(documentId), ":labelled", s("evaluationDocument"))))
                    .items().forEach(i -> found.add(Map.of("pk", i.get("pk"), "sk", i.get("sk"))));
        }
        return found;
    }
}
