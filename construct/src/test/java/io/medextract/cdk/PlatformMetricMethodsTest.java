package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;

/** The metric* methods name the metrics the functions publish, with the dimensions they publish them with. */
class PlatformMetricMethodsTest {

    private static SynthesizedPlatform prod;

    @BeforeAll
    static void synthesize() {
        prod = SynthesizedPlatform.of(DeploymentStage.PROD);
    }

    @Test
    void aMetricCarriesThisPlatformsStageAndPlatformDimensions() {
        Metric cost = prod.platform.metricCostUsd(null);
        assertThat(cost.getNamespace()).isEqualTo("MedExtract");
        assertThat(cost.getMetricName()).isEqualTo("CostUsd");
        assertThat(cost.getDimensions()).isEqualTo(Map.of("Stage", "prod", "Platform", prod.platform.getPlatformName()));
        assertThat(cost.getStatistic()).isEqualTo("Sum");
        assertThat(cost.getPeriod().toSeconds()).isEqualTo(300);
    }

    @Test
    void optionsAddDimensionsAndSetTheStatistic() {
        Metric denied = prod.platform.metricExtractionFailed(MetricOptions.builder()
                .dimensionsMap(Map.of("ErrorCategory", "MODEL_ACCESS_DENIED")).statistic("Maximum")
                .period(Duration.minutes(1)).build());
        assertThat(denied.getDimensions()).containsEntry("ErrorCategory", "MODEL_ACCESS_DENIED")
                .containsEntry("Stage", "prod").containsKey("Platform");
        assertThat(denied.getStatistic()).isEqualTo("Maximum");
        assertThat(denied.getPeriod().toSeconds()).isEqualTo(60);
    }

    @Test
    void theAlarmsWatchTheSameMetricsTheMethodsName() {
        // The construct's own ModelAccessDenied alarm and a user's alarm built from the method watch one metric.
        Metric fromMethod = prod.platform.metricExtractionFailed(MetricOptions.builder()
                .dimensionsMap(Map.of("ErrorCategory", "MODEL_ACCESS_DENIED")).build());
        String alarms = WebConsoleTemplateTest.json(prod.resources("AWS::CloudWatch::Alarm"));
        assertThat(alarms).contains("\"MetricName\":\"" + fromMethod.getMetricName() + "\"")
                .contains("\"Value\":\"" + fromMethod.getDimensions().get("Platform") + "\"");
    }

    @Test
    void aNameTheFunctionsDoNotPublishIsRefused() {
        assertThatThrownBy(() -> prod.platform.metric("CostUSD", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CostUSD")
                .hasMessageContaining("CostUsd");
    }
}
