package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What erasure (and retention) put in the synthesized template: the upload function's permissions to erase. */
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
