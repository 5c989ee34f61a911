package io.medextract.handlers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.json.Json;
import org.junit.jupiter.api.Test;

class LambdaEventKindTest {

    @Test
    void recognisesEachSource() throws Exception {
        assertThat(LambdaEventKind.of(Json.mapper().readTree(
                "{\"httpMethod\":\"GET\",\"resource\":\"/api/x\"}"))).isEqualTo(LambdaEventKind.API_GATEWAY);
        assertThat(LambdaEventKind.of(Json.mapper().readTree(
                "{\"Records\":[{\"messageId\":\"1\",\"eventSource\":\"aws:sqs\",\"body\":\"{}\"}]}")))
                .isEqualTo(LambdaEventKind.SQS);
        assertThat(LambdaEventKind.of(Json.mapper().readTree(
                "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"time\":\"2026-11-25T17:05:00Z\"}")))
                .isEqualTo(LambdaEventKind.SCHEDULED);
        assertThat(LambdaEventKind.of(Json.mapper().readTree("{\"Records\":[]}"))).isEqualTo(LambdaEventKind.UNKNOWN);
        assertThat(LambdaEventKind.of(Json.mapper().readTree("[1,2]"))).isEqualTo(LambdaEventKind.UNKNOWN);
    }
}
