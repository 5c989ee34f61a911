package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Duration;

/** {@code metricsRollupInterval}: the rule that runs the rollup follows it, and synth rejects what EventBridge cannot run. */
class MetricsRollupScheduleTemplateTest {

    /** The properties of the one EventBridge rule whose target is the metrics function's live alias. */
    static Map<String, Object> rollupRule(SynthesizedPlatform s) {
        String alias = s.logicalId(s.platform.getFunctionAlias(PlatformFunction.METRICS));
        List<Map<String, Object>> rules = s.resources("AWS::Events::Rule").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> p.get("Targets").toString().contains(alias)).toList();
        assertThat(rules).as("rules targeting the metrics function").hasSize(1);
        return rules.get(0);
    }

    @Test
    void anIntervalOverridesTheStageDefault() {
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .metricsRollupInterval(Duration.minutes(10)).build());
        assertThat(rollupRule(s)).containsEntry("ScheduleExpression", "rate(10 minutes)");
    }

    @Test
    void anHourIsTheLongestInterval() {
        SynthesizedPlatform s = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .metricsRollupInterval(Duration.hours(1)).build());
        assertThat(rollupRule(s)).containsEntry("ScheduleExpression", "rate(1 hour)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 30, 90, 3660, 7200})
    void synthRejectsWhatEventBridgeCannotRunOrTheRollupCannotWaitFor(int seconds) {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .metricsRollupInterval(Duration.seconds(seconds)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metricsRollupInterval must be a whole number of minutes between 1 and 60")
                .hasMessageContaining("got ");
    }
}
