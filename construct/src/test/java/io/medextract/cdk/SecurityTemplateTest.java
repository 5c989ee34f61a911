package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;

/** Encryption, transport security, PITR and least-privilege IAM on the prod template. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTemplateTest {

    private static final Set<String> GUARDED_SERVICES = Set.of("bedrock", "dynamodb", "s3", "sqs", "kms");

    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void documentsBucketIsKmsEncryptedVersionedPrivateAndLogged() {
        prod.template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Match.objectLike(Map.of(
                                "SSEAlgorithm", "aws:kms",
                                "KMSMasterKeyID", Match.anyValue())))))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "documents/")),
                "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 90),
                        "Status", "Enabled"))))))));
    }

    @Test
    void documentsBucketPolicyDeniesWritesThatNameAnyEncryptionButThePlatformKey() {
        String bucket = prod.logicalId(prod.platform.getDocumentBucket());
        Map<String, Object> policy = prod.resources("AWS::S3::BucketPolicy").values().stream()
                .map(p -> map(p.get("Properties")))
                .filter(p -> p.get("Bucket").equals(Map.of("Ref", bucket))).findFirst().orElseThrow();
        Map<String, Object> keyArn = Map.of("Fn::GetAtt", List.of(prod.logicalId(prod.platform.getEncryptionKey()), "Arn"));
        String sse = "s3:x-amz-server-side-encryption";
        String sseKey = sse + "-aws-kms-key-id";
        Map<String, Map<String, Object>> expected = Map.of(
                "DenyEncryptionOtherThanKms", Map.of("Null", Map.of(sse, "false"),
                        "StringNotEquals", Map.of(sse, "aws:kms")),
                "DenyKmsWithoutThePlatformKey", Map.of("StringEquals", Map.of(sse, "aws:kms"),
                        "Null", Map.of(sseKey, "true")),
                "DenyKeysOtherThanThePlatformKey", Map.of("Null", Map.of(sseKey, "false"),
                        "StringNotEquals", Map.of(sseKey, keyArn)),
                "DenyCustomerProvidedKeys", Map.of("Null", Map.of(sse + "-customer-algorithm", "false")));
        Map<Object, Object> found = new java.util.HashMap<>();
        for (Map<String, Object> st : statements(map(policy.get("PolicyDocument")))) {
            if (st.get("Sid") != null && expected.containsKey(st.get("Sid"))) {
                assertThat(st).containsEntry("Effect", "Deny").containsEntry("Principal", Map.of("AWS", "*"))
                        .containsEntry("Action", "s3:PutObject");
                found.put(st.get("Sid"), st.get("Condition"));
            }
        }
        // a write naming no encryption takes the default (SSE-KMS, platform key): no statement denies it
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void everyBucketPolicyDeniesInsecureTransport() {
        Map<String, Map<String, Object>> policies = prod.resources("AWS::S3::BucketPolicy");
        assertThat(policies).hasSize(2);
        policies.values().forEach(p -> assertThat(statements(map(map(p.get("Properties")).get("PolicyDocument"))))
                .anySatisfy(st -> {
                    assertThat(st).containsEntry("Effect", "Deny");
                    assertThat(map(map(st.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", "false");
                }));
    }

    @Test
    void tablesHavePitrAndCustomerManagedKeys() {
        Map<String, Map<String, Object>> tables = prod.resources("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(3); // results, experiments, audit
        tables.values().forEach(t -> {
            Map<String, Object> props = map(t.get("Properties"));
            assertThat(map(props.get("PointInTimeRecoverySpecification")))
                    .containsEntry("PointInTimeRecoveryEnabled", true);
            assertThat(map(props.get("SSESpecification"))).containsEntry("SSEEnabled", true)
                    .containsEntry("SSEType", "KMS").containsKey("KMSMasterKeyId");
        });
        prod.template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("IndexName", "byExtractionId")),
                        Match.objectLike(Map.of("IndexName", "byCompletedHour", "Projection", Match.objectLike(Map.of(
                                "ProjectionType", "INCLUDE",
                                "NonKeyAttributes", Match.arrayWith(List.of("latencyMs", "fieldCompleteness")))))),
                        Match.objectLike(Map.of("IndexName", "byExperiment")))))));
        prod.template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byStatus")),
                        Match.objectLike(Map.of("IndexName", "byCreated"))))));
    }

    @Test
    void queuesTopicAndKeyAreEncryptedAndRotated() {
        Map<String, Map<String, Object>> queues = prod.resources("AWS::SQS::Queue");
        // extraction and evaluation queues, their shared DLQ, async failures, undelivered upload events
        assertThat(queues).hasSize(5);
        queues.values().forEach(q -> assertThat(map(q.get("Properties"))).containsKey("KmsMasterKeyId"));
        prod.resources("AWS::SQS::QueuePolicy").values().forEach(p ->
                assertThat(statements(map(map(p.get("Properties")).get("PolicyDocument"))))
                        .anySatisfy(st -> assertThat(st).containsEntry("Effect", "Deny")));
        prod.template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        prod.template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    }

    @Test
    void noIamStatementUsesWildcardsOnGuardedServices() {
        List<Map<String, Object>> violations = new ArrayList<>();
        for (Map<String, Object> statement : iamStatements()) {
            List<String> actions = strings(statement.get("Action"));
            List<Object> resources = statement.get("Resource") instanceof List<?> l
                    ? new ArrayList<>(l) : List.of(statement.get("Resource"));
            boolean guarded = actions.stream().anyMatch(a -> a.equals("*")
                    || GUARDED_SERVICES.contains(a.substring(0, a.indexOf(':'))));
            boolean wildcardAction = actions.stream().anyMatch(a -> a.equals("*") || a.endsWith(":*"));
            boolean wildcardResource = resources.stream().anyMatch(r -> "*".equals(r));
            if (guarded && (wildcardAction || wildcardResource)) {
                violations.add(statement);
            }
        }
        assertThat(violations).isEmpty();
        // The one Resource "*" left is X-Ray's, which has no resource-level permissions.
        assertThat(iamStatements()).filteredOn(st -> "*".equals(st.get("Resource")))
                .allSatisfy(st -> assertThat(strings(st.get("Action"))).allMatch(a -> a.startsWith("xray:")));
    }

    @Test
    void bedrockAccessIsInvokeOnlyOnTheProfileAndItsRegionalModels() {
        List<Map<String, Object>> bedrock = iamStatements().stream()
                .filter(st -> strings(st.get("Action")).stream().anyMatch(a -> a.startsWith("bedrock:")))
                .toList();
        assertThat(bedrock).hasSize(1);
        assertThat(strings(bedrock.get(0).get("Action")))
                .containsExactlyInAnyOrder("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
        String resources = list(bedrock.get(0).get("Resource")).toString();
        assertThat(resources).contains("inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .contains(":bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
                .contains(":bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
                .contains(":bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
                .contains(":bedrock:us-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
                .contains(":bedrock:ca-central-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
                .doesNotContain(":bedrock:eu-");
        // profile + the model in the stack's region + the five regions us. profiles route to
        assertThat(list(bedrock.get(0).get("Resource"))).hasSize(7);
    }

    @Test
    void functionRolesCarryNoManagedPolicyButLambdaInsights() {
        prod.resources("AWS::IAM::Role").forEach((id, role) -> {
            Object managed = map(role.get("Properties")).get("ManagedPolicyArns");
            if (id.contains("Handlers") && managed != null) {
                assertThat(managed.toString()).contains("CloudWatchLambdaInsightsExecutionRolePolicy")
                        .doesNotContain("AWSLambdaBasicExecutionRole");
            }
        });
    }

    private List<Map<String, Object>> iamStatements() {
        List<Map<String, Object>> all = new ArrayList<>();
        prod.resources("AWS::IAM::ManagedPolicy").values().forEach(p ->
                all.addAll(statements(map(map(p.get("Properties")).get("PolicyDocument")))));
        prod.resources("AWS::IAM::Role").values().forEach(r -> {
            Object policies = map(r.get("Properties")).get("Policies");
            if (policies != null) {
                list(policies).forEach(p -> all.addAll(statements(map(map(p).get("PolicyDocument")))));
            }
        });
        assertThat(all).isNotEmpty();
        return all;
    }

    static List<Map<String, Object>> statements(Map<String, Object> document) {
        return list(document.get("Statement")).stream().map(SynthesizedPlatform::map).toList();
    }

    @Test
    void theMetricsFunctionWritesOnlyItsOwnItemsAndReadsResultsOnlyThroughTheMeasurementIndexes() {
        String policyId = prod.logicalId(prod.platform.getNode().findChild("Handlers").getNode()
                .findChild("MetricsPolicy"));
        String results = prod.logicalId(prod.platform.getResultsTable());
        String experiments = prod.logicalId(prod.platform.getExperimentsTable());
        List<String> indexQueries = new ArrayList<>();
        for (Object o : list(map(map(prod.resources("AWS::IAM::ManagedPolicy").get(policyId).get("Properties"))
                .get("PolicyDocument")).get("Statement"))) {
            Map<String, Object> statement = map(o);
            if ("Deny".equals(statement.get("Effect"))) {
                continue; // e.g. the audit table's deny on changes, in every function's policy
            }
            List<String> actions = strings(statement.get("Action"));
            String resources = WebConsoleTemplateTest.json(statement.get("Resource"));
            assertThat(actions).as(resources).doesNotContain("dynamodb:BatchWriteItem", "dynamodb:UpdateItem",
                    "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:Scan");
            if (!resources.contains(results) && !resources.contains(experiments)) {
                continue;
            }
            if (resources.contains("/index/")) {
                assertThat(actions).containsExactly("dynamodb:Query");
                assertThat(resources).doesNotContain(experiments);
                indexQueries.add(resources);
            } else if (resources.contains(results)) {
                assertThat(actions).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                        "dynamodb:PutItem", "dynamodb:DeleteItem");
                assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                        Map.of("dynamodb:LeadingKeys", List.of("ROLLUP#*", "EXPSUMS#*"))));
            } else {
                assertThat(actions).containsExactly("dynamodb:Query");
                assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                        Map.of("dynamodb:LeadingKeys", List.of("EVALHISTORY"))));
            }
        }
        // raw results of an hour for the rollup and the metrics reads; an experiment's results for its sums
        assertThat(String.join(" ", indexQueries)).contains("/index/byCompletedHour").contains("/index/byExperiment");
    }

    static List<String> strings(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
