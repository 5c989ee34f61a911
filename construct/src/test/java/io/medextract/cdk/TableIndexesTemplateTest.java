package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tables' global secondary indexes: the experiment list's sparse {@code byCreated} index, the experiments
 * function's permission to query it, and the CloudFormation rule that one stack update may create or delete only
 * one GSI per table, and cannot change an existing one in place
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html#cfn-dynamodb-table-globalsecondaryindexes):
 * an upgrade from the previous release must stay one deployable update.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableIndexesTemplateTest {

    /**
     * Each table's indexes as the previous release deployed them (name: key schema and projection). Update this at
     * each release to what the release ships.
     */
    private static final Map<String, Map<String, String>> PREVIOUS_RELEASE = Map.of(
            "Results", Map.of(
                    "byExtractionId", "extractionId HASH; INCLUDE [documentId]",
                    "byCompletedHour", "completedHour HASH, completedAt RANGE; INCLUDE",
                    "byExperiment", "experimentId HASH, completedAt RANGE; INCLUDE"),
            "Experiments", Map.of(
                    "byStatus", "status HASH, createdAt RANGE; ALL"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void experimentsAreListedFromASparseIndexOnEntityAndCreatedAt() {
        Map<String, Object> table = tableProperties("Experiments");
        Map<String, Object> byCreated = list(table.get("GlobalSecondaryIndexes")).stream().map(SynthesizedPlatform::map)
                .filter(i -> "byCreated".equals(i.get("IndexName"))).findFirst().orElseThrow();
        assertThat(byCreated.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", "entity", "KeyType", "HASH"),
                Map.of("AttributeName", "createdAt", "KeyType", "RANGE")));
        assertThat(map(byCreated.get("Projection"))).containsEntry("ProjectionType", "ALL");
        assertThat(list(table.get("AttributeDefinitions"))).contains(
                Map.of("AttributeName", "entity", "AttributeType", "S"),
                Map.of("AttributeName", "createdAt", "AttributeType", "S"));
    }

    @Test
    void theExperimentsFunctionMayQueryBothExperimentIndexesAndOnlyItMayQueryByCreated() throws Exception {
        String experimentsTable = prod.logicalId(prod.platform.getExperimentsTable());
        Map<String, String> policies = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> policy : prod.resources("AWS::IAM::ManagedPolicy").entrySet()) {
            policies.put(policy.getKey(), JSON.writeValueAsString(map(policy.getValue().get("Properties"))
                    .get("PolicyDocument")));
        }
        String experimentsPolicy = policies.entrySet().stream()
                .filter(e -> e.getKey().contains("Experiments")).map(Map.Entry::getValue).findFirst().orElseThrow();
        for (String index : DocumentStore.EXPERIMENTS_INDEXES) {
            assertThat(experimentsPolicy).contains(experimentsTable).contains("/index/" + index);
        }
        assertThat(policies.entrySet()).filteredOn(e -> e.getValue().contains("/index/byCreated"))
                .extracting(Map.Entry::getKey).allMatch(id -> id.contains("Experiments")).hasSize(1);
    }

    @Test
    void anUpgradeAddsOrRemovesAtMostOneIndexPerTableAndChangesNoneInPlace() {
        for (String role : PREVIOUS_RELEASE.keySet()) {
            Map<String, String> now = indexes(role);
            Map<String, String> before = PREVIOUS_RELEASE.get(role);
            Set<String> added = new TreeSet<>(now.keySet());
            added.removeAll(before.keySet());
            Set<String> removed = new TreeSet<>(before.keySet());
            removed.removeAll(now.keySet());
            assertThat(added.size() + removed.size()).as("%s table: added %s, removed %s", role, added, removed)
                    .isLessThanOrEqualTo(1);
            before.forEach((name, shape) -> {
                if (now.containsKey(name)) {
                    assertThat(now.get(name)).as("%s.%s changed in place", role, name).startsWith(shape);
                }
            });
        }
    }

    /** name: "key HASH, key RANGE; PROJECTION [attributes]" of one table's GSIs. */
    private Map<String, String> indexes(String role) {
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Object gsi : list(tableProperties(role).get("GlobalSecondaryIndexes"))) {
            Map<String, Object> g = map(gsi);
            StringBuilder shape = new StringBuilder();
            for (Object key : list(g.get("KeySchema"))) {
                shape.append(shape.isEmpty() ? "" : ", ").append(map(key).get("AttributeName")).append(' ')
                        .append(map(key).get("KeyType"));
            }
            Map<String, Object> projection = map(g.get("Projection"));
            shape.append("; ").append(projection.get("ProjectionType"));
            if (projection.containsKey("NonKeyAttributes")) {
                shape.append(' ').append(projection.get("NonKeyAttributes"));
            }
            shapes.put((String) g.get("IndexName"), shape.toString());
        }
        return shapes;
    }

    private Map<String, Object> tableProperties(String role) {
        return prod.resources("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> e.getKey().contains(role)).map(e -> map(e.getValue().get("Properties")))
                .findFirst().orElseThrow();
    }
}
