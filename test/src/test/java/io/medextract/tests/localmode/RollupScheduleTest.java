package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.StageDefaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Local mode runs the rollup as often as the construct's dev stage deploys the rule, unless told otherwise. */
class RollupScheduleTest {

    @Test
    void theTimerFollowsTheDeployedRule() {
        Duration deployed = Duration.ofMinutes(StageDefaults.forStage(DeploymentStage.DEV).metricsRollupMinutes());
        assertThat(RollupSchedule.deployedRate()).isEqualTo(deployed);
        try (RollupSchedule schedule = new RollupSchedule((in, out, context) -> { }, null)) {
            assertThat(schedule.period()).isEqualTo(deployed);
        }
        try (RollupSchedule schedule = new RollupSchedule((in, out, context) -> { }, Duration.ofSeconds(20))) {
            assertThat(schedule.period()).isEqualTo(Duration.ofSeconds(20));
        }
    }
}
