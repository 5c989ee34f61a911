package io.medextract.handlers.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.http.ApiRequest;

/** Which AWS service sent an event: one function can be wired to the API, a queue and a schedule. */
public enum LambdaEventKind {
    API_GATEWAY,
    SQS,
    SCHEDULED,
    UNKNOWN;

    public static LambdaEventKind of(JsonNode event) {
        if (event == null || !event.isObject()) {
            return UNKNOWN;
        }
        if (ApiRequest.isApiGatewayEvent(event)) {
            return API_GATEWAY;
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText())) {
            return SQS;
        }
        if ("aws.events".equals(event.path("source").asText())
                && "Scheduled Event".equals(event.path("detail-type").asText())) {
            return SCHEDULED;
        }
        return UNKNOWN;
    }
}
