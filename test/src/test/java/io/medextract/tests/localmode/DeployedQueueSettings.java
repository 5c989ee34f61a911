package io.medextract.tests.localmode;

import io.medextract.tests.local.ConstructTables;
import java.util.List;
import java.util.Map;

/**
 * The extraction queues' settings as the construct deploys them (dev stage), read from the synthesized template:
 * visibility timeouts, maxReceiveCount, and the batch size and concurrency of the three event source mappings (the
 * production queue, the evaluation queue, the dead-letter queue). Local mode's queues and pollers use these, so they
 * behave like the deployed ones.
 */
record DeployedQueueSettings(int visibilitySeconds, int deadLetterVisibilitySeconds, int maxReceiveCount,
                             int batchSize, int maxConcurrency, int deadLetterBatchSize,
                             int evaluationVisibilitySeconds, int evaluationBatchSize, int evaluationMaxConcurrency) {

    static DeployedQueueSettings fromTemplate() {
        Map<String, Map<String, Object>> queues = ConstructTables.template().findResources("AWS::SQS::Queue");
        String queueId = null;
        String evaluationId = null;
        String deadLetterId = null;
        for (Map.Entry<String, Map<String, Object>> e : queues.entrySet()) {
            Map<String, Object> props = map(e.getValue().get("Properties"));
            if (!props.containsKey("RedrivePolicy")) {
                continue;
            }
            // Both queues dead-letter into the same queue; the evaluation queue's construct id says which is which.
            if (e.getKey().contains("EvaluationQueue")) {
                evaluationId = e.getKey();
            } else {
                queueId = e.getKey();
            }
            deadLetterId = (String) list(map(map(props.get("RedrivePolicy")).get("deadLetterTargetArn"))
                    .get("Fn::GetAtt")).get(0);
        }
        if (queueId == null || evaluationId == null) {
            throw new IllegalStateException("the construct defines no extraction and evaluation queue with a dead-letter"
                    + " queue");
        }
        Map<String, Object> queue = map(queues.get(queueId).get("Properties"));
        Map<String, Object> evaluation = map(queues.get(evaluationId).get("Properties"));
        Map<String, Object> deadLetter = map(queues.get(deadLetterId).get("Properties"));
        int[] batch = new int[3];
        int[] concurrency = new int[3];
        for (Map<String, Object> mapping : ConstructTables.template()
                .findResources("AWS::Lambda::EventSourceMapping").values()) {
            Map<String, Object> props = map(mapping.get("Properties"));
            String source = (String) list(map(props.get("EventSourceArn")).get("Fn::GetAtt")).get(0);
            int index = source.equals(queueId) ? 0 : source.equals(evaluationId) ? 1 : source.equals(deadLetterId) ? 2 : -1;
            if (index >= 0) {
                batch[index] = ((Number) props.get("BatchSize")).intValue();
                concurrency[index] = ((Number) map(props.get("ScalingConfig")).get("MaximumConcurrency")).intValue();
            }
        }
        return new DeployedQueueSettings(
                ((Number) queue.get("VisibilityTimeout")).intValue(),
                ((Number) deadLetter.get("VisibilityTimeout")).intValue(),
                ((Number) map(queue.get("RedrivePolicy")).get("maxReceiveCount")).intValue(),
                batch[0], concurrency[0], batch[2],
                ((Number) evaluation.get("VisibilityTimeout")).intValue(), batch[1], concurrency[1]);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
