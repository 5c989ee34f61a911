package io.medextract.tests.local;

import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.DeploymentStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * Creates the local tables exactly as the construct defines them (keys, attribute types, GSIs), read from a
 * synthesized template: the handler tests thereby prove the construct's tables serve the handlers' queries.
 */
public final class ConstructTables {

    private static Map<String, Map<String, Object>> definitions;
    private static Template template;

    private ConstructTables() {}

    /** Table definitions by role ("Results", "Experiments", "Audit"), synthesized once per JVM. */
    static synchronized Map<String, Map<String, Object>> definitions() {
        if (definitions == null) {
            Map<String, Map<String, Object>> found = new java.util.HashMap<>();
            template().findResources("AWS::DynamoDB::Table").forEach((id, resource) -> {
                String role = id.contains("Results") ? "Results" : id.contains("Experiments") ? "Experiments"
                        : id.contains("Audit") ? "Audit" : id;
                found.put(role, cast(resource.get("Properties")));
            });
            definitions = Map.copyOf(found);
        }
        return definitions;
    }

    /** The synthesized dev platform, once per JVM: local mode also reads its queue settings from it. */
    public static synchronized Template template() {
        if (template == null) {
            App app = new App();
            Stack stack = new Stack(app, "Tables");
            new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.DEV).build());
            template = Template.fromStack(stack);
        }
        return template;
    }

    public static void create(DynamoDbClient dynamo, String role, String tableName) {
        createWithout(dynamo, role, tableName, java.util.Set.of());
    }

    /**
     * The table without some of its indexes, as an earlier release defined it (or as it is while CloudFormation is
     * still adding an index): the attribute definitions only those keys still use.
     */
    public static void createWithout(DynamoDbClient dynamo, String role, String tableName,
                                     java.util.Set<String> leftOut) {
        Map<String, Object> props = definitions().get(role);
        if (props == null) {
            throw new IllegalStateException("the construct defines no " + role + " table");
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        java.util.Set<String> keyNames = new java.util.HashSet<>();
        keySchema(props.get("KeySchema")).forEach(k -> keyNames.add(k.attributeName()));
        for (Object gsi : list(props.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            Map<String, Object> g = cast(gsi);
            if (leftOut.contains((String) g.get("IndexName"))) {
                continue;
            }
            keySchema(g.get("KeySchema")).forEach(k -> keyNames.add(k.attributeName()));
            Map<String, Object> projection = cast(g.get("Projection"));
            Projection.Builder p = Projection.builder().projectionType((String) projection.get("ProjectionType"));
            if (projection.containsKey("NonKeyAttributes")) {
                p.nonKeyAttributes(list(projection.get("NonKeyAttributes")).stream().map(String::valueOf).toList());
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) g.get("IndexName"))
                    .keySchema(keySchema(g.get("KeySchema")))
                    .projection(p.build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(props.get("KeySchema")))
                .attributeDefinitions(list(props.get("AttributeDefinitions")).stream()
                        .filter(a -> keyNames.contains((String) cast(a).get("AttributeName")))
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) cast(a).get("AttributeName"))
                                .attributeType((String) cast(a).get("AttributeType")).build()).toList());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        dynamo.createTable(request.build());
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) cast(k).get("AttributeName"))
                .keyType((String) cast(k).get("KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
