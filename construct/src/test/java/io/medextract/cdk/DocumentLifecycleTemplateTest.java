package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What erasure and retention put in the synthesized template: the upload function's permissions to erase, the S3
 * lifecycle rules and TTL of a retention, and the checks on the prop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentLifecycleTemplateTest {

    private SynthesizedPlatform prod;

    @BeforeAll
    void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void onlyTheUploadFunctionErasesAndOnlyUnderTheDocumentPrefixesAndSetPartitions() {
        List<Map<String, Object>> upload = statementsOf("upload");
        assertThat(withAction(upload, "s3:DeleteObjectVersion")).hasSize(2).allSatisfy(s ->
                assertThat(String.valueOf(s.get("Resource"))).containsPattern("/(uploads|evaluation)/\\*"));
        assertThat(withAction(upload, "s3:ListBucketVersions")).hasSize(2).allSatisfy(s ->
                assertThat(String.valueOf(s.get("Condition"))).containsPattern("s3:prefix=\\[?(uploads|evaluation)/\\*"));
        List<Map<String, Object>> labelled = withAction(upload, "dynamodb:DeleteItem").stream()
                .filter(s -> s.containsKey("Condition")).toList();
        assertThat(labelled).singleElement().satisfies(s -> {
            assertThat(String.valueOf(s.get("Action"))).contains("dynamodb:Query").doesNotContain("PutItem");
            assertThat(String.valueOf(s.get("Resource"))).contains(prod.logicalId(prod.platform.getExperimentsTable()))
                    .doesNotContain("/index/");
            assertThat(map(map(s.get("Condition")).get("ForAllValues:StringLike")).get("dynamodb:LeadingKeys"))
                    .isEqualTo(List.of("EVALSETS", "EVALSET#*"));
        });
        for (String other : List.of("extract", "metrics", "experiments")) {
            assertThat(withAction(statementsOf(other), "s3:DeleteObjectVersion")).as(other).isEmpty();
            assertThat(withAction(statementsOf(other), "s3:ListBucketVersions")).as(other).isEmpty();
        }
    }

    @Test
    void resultsAndExperimentsExpireItemsByTheirExpiresAtAttributeAndTheAuditTableNever() {
        Map<String, Map<String, Object>> tables = prod.resources("AWS::DynamoDB::Table");
        String audit = prod.logicalId(prod.platform.getAuditTable());
        assertThat(tables).hasSize(3).containsKey(audit);
        tables.forEach((id, t) -> {
            Object ttl = map(t.get("Properties")).get("TimeToLiveSpecification");
            if (id.equals(audit)) {
                assertThat(ttl).as("audit records are kept, append-only").isNull();
            } else {
                assertThat(map(ttl)).isEqualTo(Map.of("AttributeName", "expiresAt", "Enabled", true));
            }
        });
    }

    @Test
    void withoutRetentionObjectsStayUntilErasedAndTheFunctionsAreToldNothing() {
        assertThat(ruleIds(prod)).containsExactly("expire-old-versions");
        assertThat(rule(prod, "expire-old-versions")).doesNotContainKeys("ExpirationInDays", "ExpiredObjectDeleteMarker");
        for (PlatformFunction kind : PlatformFunction.values()) {
            assertThat(map(map(prod.functionProperties(kind).get("Environment")).get("Variables")))
                    .doesNotContainKey("DOCUMENT_RETENTION_DAYS");
        }
    }

    @Test
    void retentionExpiresEveryObjectAndTellsEveryFunction() {
        SynthesizedPlatform kept = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .retention(software.amazon.awscdk.Duration.days(3650)).build());
        assertThat(ruleIds(kept)).containsExactlyInAnyOrder("expire-old-versions", "expire-after-retention");
        Map<String, Object> retention = rule(kept, "expire-after-retention");
        assertThat(retention).containsEntry("ExpirationInDays", 3650).containsEntry("Status", "Enabled")
                .as("every prefix: uploads, evaluation documents, imports").doesNotContainKeys("Prefix", "TagFilters");
        assertThat(rule(kept, "expire-old-versions")).containsEntry("ExpiredObjectDeleteMarker", true)
                .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 90));
        for (PlatformFunction kind : PlatformFunction.values()) {
            assertThat(map(map(kept.functionProperties(kind).get("Environment")).get("Variables")))
                    .containsEntry("DOCUMENT_RETENTION_DAYS", "3650");
        }
    }

    @Test
    void retentionIsWholeDaysAndNeedsABucketThePlatformOwns() {
        for (software.amazon.awscdk.Duration wrong : List.of(software.amazon.awscdk.Duration.hours(36),
                software.amazon.awscdk.Duration.hours(12), software.amazon.awscdk.Duration.days(36_501))) {
            assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).retention(wrong).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be a whole number of days");
        }
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(new software.amazon.awscdk.App(), "Own");
        var bucket = software.amazon.awscdk.services.s3.Bucket.fromBucketName(stack, "Theirs", "their-documents");
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).existingBucket(bucket)
                .retention(software.amazon.awscdk.Duration.days(30)).build())
                .hasMessageContaining("existingBucket");
    }

    private static List<String> ruleIds(SynthesizedPlatform s) {
        return rules(s).stream().map(r -> (String) r.get("Id")).toList();
    }

    private static Map<String, Object> rule(SynthesizedPlatform s, String id) {
        return rules(s).stream().filter(r -> id.equals(r.get("Id"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> rules(SynthesizedPlatform s) {
        Map<String, Object> bucket = map(s.resources("AWS::S3::Bucket").get(s.logicalId(s.platform.getDocumentBucket()))
                .get("Properties"));
        return list(map(bucket.get("LifecycleConfiguration")).get("Rules")).stream().map(SynthesizedPlatform::map).toList();
    }

    private List<Map<String, Object>> statementsOf(String function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        prod.resources("AWS::IAM::ManagedPolicy").values().stream().map(r -> map(r.get("Properties")))
                .filter(p -> ("MedExtract " + function + " function permissions").equals(p.get("Description")))
                .forEach(p -> list(map(p.get("PolicyDocument")).get("Statement")).forEach(s -> statements.add(map(s))));
        assertThat(statements).as(function + " policy").isNotEmpty();
        return statements;
    }

    private static List<Map<String, Object>> withAction(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> {
            Object actions = s.get("Action");
            return actions instanceof List<?> l ? l.contains(action) : action.equals(actions);
        }).toList();
    }
}
