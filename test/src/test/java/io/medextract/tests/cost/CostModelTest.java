package io.medextract.tests.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.StageDefaults;
import io.medextract.handlers.quality.PriceTable;
import org.junit.jupiter.api.Test;

/** The cost model uses the handlers' price table and the construct's stage table; prints the README table. */
class CostModelTest {

    private final CostModel model = new CostModel(PriceTable.defaults());
    private final CostModel.Workload workload = CostModel.Workload.dischargeSummary();

    @Test
    void bedrockCostComesFromTheHandlersPriceTableForEachStagesModel() {
        // dev runs Haiku 4.5 ($1 / $5 per 1M tokens), prod Sonnet 4.5 ($3 / $15): the table, not typed-in numbers.
        assertThat(model.per1000(DeploymentStage.DEV, workload).per1000().get("bedrock"))
                .isCloseTo(1000 * (1_874 * 1.0 + 642 * 5.0) / 1_000_000, within(1e-9));
        assertThat(model.per1000(DeploymentStage.PROD, workload).per1000().get("bedrock"))
                .isCloseTo(1000 * (1_874 * 3.0 + 642 * 15.0) / 1_000_000, within(1e-9));
        PriceTable cheaper = PriceTable.withOverrides("{\"anthropic.claude-sonnet-4-5-20250929-v1:0\":{\"input\":1,\"output\":1}}");
        assertThat(new CostModel(cheaper).per1000(DeploymentStage.PROD, workload).per1000().get("bedrock"))
                .isCloseTo(1000 * (1_874 + 642) / 1_000_000.0, within(1e-9));
    }

    @Test
    void lambdaCostFollowsTheStageMemoryAndTheBatchSize() {
        // prod extract: 2048 MB, batches of 5, 3.37 s per invocation.
        double expected = 1000 * (2.0 * 3.37 / 5 * CostModel.LAMBDA_ARM_PER_GB_SECOND + CostModel.LAMBDA_PER_REQUEST / 5);
        assertThat(model.per1000(DeploymentStage.PROD, workload).per1000().get("lambda extract")).isCloseTo(expected, within(1e-12));
        for (DeploymentStage stage : DeploymentStage.values()) {
            double waf = model.per1000(stage, workload).per1000().get("waf");
            // WAF is charged per request only where the stage puts a web ACL in front of the API.
            assertThat(waf).as(stage.name()).isEqualTo(StageDefaults.forStage(stage).webAcl()
                    ? 1000 * workload.apiRequests() * CostModel.WAF_PER_REQUEST : 0.0);
        }
    }

    @Test
    void printsTheTable() {
        String table = CostModel.table(model, workload);
        System.out.println(table);
        assertThat(table).contains("bedrock").contains("total USD").contains("0.1040");
    }
}
