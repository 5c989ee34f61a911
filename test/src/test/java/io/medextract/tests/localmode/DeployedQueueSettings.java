package io.medextract.tests.localmode;

import io.medextract.tests.local.ConstructTables;
import java.util.List;
import java.util.Map;

/**
 * The extraction queue's settings as the construct deploys them (dev stage), read from the synthesized
 * template: visibility timeout, maxReceiveCount, and the batch size and concurrency of the two event source
 * mappings. Local mode's queues and pollers use these, so they behave like the deployed ones.
 */
record DeployedQueueSettings(int visibilitySeconds, int deadLetterVisibilitySeconds, int maxReceiveCount,
                             int batchSize, int maxConcurrency, int deadLetterBatchSize) {

    static DeployedQueueSettings fromTemplate() {
        Map<String, Map<String, Object>> queues = ConstructTables.template().findResources("AWS::SQS::Queue");
        String queueId = null;
        String deadLetterId = null;
        Map<String, Object> queue = null;
        for (Map.Entry<String, Map<String, Object>> e : queues.entrySet()) {
            Map<String, Object> props = map(e.getValue().get("Properties"));
            if (props.containsKey("RedrivePolicy")) {
                queueId = e.getKey();
                queue = props;
                deadLetterId = (String) list(map(map(props.get("RedrivePolicy")).get("deadLetterTargetArn"))
                        .get("Fn::GetAtt")).get(0);
            }
        }
        if (queue == null) {
            throw new IllegalStateException("the construct defines no queue with a dead-letter queue");
        }
        Map<String, Object> deadLetter = map(queues.get(deadLetterId).get("Properties"));
        int batch = 0;
        int concurrency = 0;
        int deadLetterBatch = 0;
        for (Map<String, Object> mapping : ConstructTables.template()
                .findResources("AWS::Lambda::EventSourceMapping").values()) {
            Map<String, Object> props = map(mapping.get("Properties"));
            String source = (String) list(map(props.get("EventSourceArn")).get("Fn::GetAtt")).get(0);
            int size = ((Number) props.get("BatchSize")).intValue();
            if (source.equals(queueId)) {
                batch = size;
                concurrency = ((Number) map(props.get("ScalingConfig")).get("MaximumConcurrency")).intValue();
            } else if (source.equals(deadLetterId)) {
                deadLetterBatch = size;
            }
        }
        return new DeployedQueueSettings(
                ((Number) queue.get("VisibilityTimeout")).intValue(),
                ((Number) deadLetter.get("VisibilityTimeout")).intValue(),
                ((Number) map(queue.get("RedrivePolicy")).get("maxReceiveCount")).intValue(),
                batch, concurrency, deadLetterBatch);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
