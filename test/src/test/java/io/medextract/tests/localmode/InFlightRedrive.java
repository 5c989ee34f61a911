package io.medextract.tests.localmode;

import io.medextract.handlers.domain.ExtractionMessage;
import io.medextract.tests.local.LocalPlatform;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ keeps its messages in memory, so a restart loses what was queued or in flight. At start, local
 * mode puts back what the table says is unfinished: an extraction request for every extraction still QUEUED or
 * RUNNING (on the evaluation queue for an evaluation run's), and S3's Object Created event for every UPLOADED document that has no extraction yet (its event was
 * still on the queue). Both are idempotent: the worker's claim makes a second request harmless, and an Object
 * Created event for the same object version yields the same extraction id.
 */
final class InFlightRedrive {

    private static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");

    private InFlightRedrive() {}

    /** @return how many extractions and upload events were put back on the queue */
    static int redrive(DynamoDbClient dynamo, String resultsTable, SqsClient sqs, String queueUrl,
                       String evaluationQueueUrl, Consumer<String> objectWritten) {
        int sent = 0;
        Set<String> withExtraction = new HashSet<>();
        Map<String, String> uploadedObjects = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(resultsTable)
                .filterExpression("begins_with(pk, :doc)")
                .expressionAttributeValues(Map.of(":doc", AttributeValue.fromS("DOC#")))).items()) {
            String documentId = item.get("pk").s().substring("DOC#".length());
            String sk = item.get("sk").s();
            AttributeValue status = item.get("status");
            if (sk.equals("META") && status != null && status.s().equals("UPLOADED") && item.containsKey("objectKey")) {
                uploadedObjects.put(documentId, item.get("objectKey").s());
            }
            if (!sk.startsWith("EXT#")) {
                continue;
            }
            withExtraction.add(documentId);
            if (status == null || !UNFINISHED.contains(status.s())) {
                continue;
            }
            String body = LocalPlatform.JSON.valueToTree(new ExtractionMessage.Requested(documentId,
                    sk.substring("EXT#".length())).toBody()).toString();
            // An evaluation run's extraction goes back to the evaluation queue, as the run queued it.
            AttributeValue trigger = item.get("trigger");
            String target = trigger != null && "EVALUATION".equals(trigger.s()) ? evaluationQueueUrl : queueUrl;
            sqs.sendMessage(b -> b.queueUrl(target).messageBody(body));
            sent++;
        }
        for (Map.Entry<String, String> uploaded : uploadedObjects.entrySet()) {
            if (!withExtraction.contains(uploaded.getKey())) {
                objectWritten.accept(uploaded.getValue());
                sent++;
            }
        }
        return sent;
    }
}
