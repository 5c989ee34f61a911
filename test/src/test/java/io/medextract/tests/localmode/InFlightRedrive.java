package io.medextract.tests.localmode;

import io.medextract.handlers.extract.ExtractionMessage;
import io.medextract.tests.local.LocalPlatform;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ keeps its messages in memory, so a restart loses what was queued or in flight. At start, local
 * mode sends an extraction request for every extraction still QUEUED or RUNNING; the worker's claim makes a
 * second delivery harmless (a RUNNING one is taken again once its lease has expired).
 */
final class InFlightRedrive {

    private static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");

    private InFlightRedrive() {}

    /** @return how many extractions were put back on the queue */
    static int redrive(DynamoDbClient dynamo, String resultsTable, SqsClient sqs, String queueUrl) {
        int sent = 0;
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(resultsTable)
                .filterExpression("begins_with(sk, :ext)")
                .expressionAttributeValues(Map.of(":ext", AttributeValue.fromS("EXT#")))).items()) {
            AttributeValue status = item.get("status");
            if (status == null || !UNFINISHED.contains(status.s())) {
                continue;
            }
            String documentId = item.get("pk").s().substring("DOC#".length());
            String extractionId = item.get("sk").s().substring("EXT#".length());
            String body = LocalPlatform.JSON.valueToTree(
                    new ExtractionMessage.Requested(documentId, extractionId).toBody()).toString();
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            sent++;
        }
        return sent;
    }
}
