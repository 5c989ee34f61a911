package io.medextract.handlers.extract;

import java.util.Map;
import io.medextract.contract.EnvironmentVariables;

/**
 * The queues the extract function reads and writes.
 *
 * @param queueUrl           EXTRACTION_QUEUE_URL: the production queue, where requests and their delayed retries go
 * @param deadLetterQueueArn EXTRACTION_DLQ_ARN: records from this source are dead letters
 * @param deadLetterQueueUrl EXTRACTION_DLQ_URL: to hide a kept dead letter for a while
 * @param evaluationQueueArn EVALUATION_QUEUE_ARN: evaluation runs' extractions arrive from this source
 * @param evaluationQueueUrl EVALUATION_QUEUE_URL: where their delayed retries go back to (never the production queue,
 *                           whose uploads must not wait behind a run)
 */
public record ExtractionQueues(String queueUrl, String deadLetterQueueArn, String deadLetterQueueUrl,
                               String evaluationQueueArn, String evaluationQueueUrl) {

    /** The production queue and its dead-letter queue only (no evaluation queue). */
    public ExtractionQueues(String queueUrl, String deadLetterQueueArn, String deadLetterQueueUrl) {
        this(queueUrl, deadLetterQueueArn, deadLetterQueueUrl, "", "");
    }

    public static ExtractionQueues fromEnvironment(Map<String, String> env) {
        return new ExtractionQueues(env.getOrDefault(EnvironmentVariables.EXTRACTION_QUEUE_URL, ""),
                env.getOrDefault(EnvironmentVariables.EXTRACTION_DLQ_ARN, ""), env.getOrDefault(EnvironmentVariables.EXTRACTION_DLQ_URL, ""),
                env.getOrDefault(EnvironmentVariables.EVALUATION_QUEUE_ARN, ""), env.getOrDefault(EnvironmentVariables.EVALUATION_QUEUE_URL, ""));
    }

    public boolean isDeadLetterSource(String eventSourceArn) {
        return deadLetterQueueArn != null && !deadLetterQueueArn.isEmpty() && deadLetterQueueArn.equals(eventSourceArn);
    }

    /** The queue a record came from, to re-send its retry to or change its visibility on. */
    public String urlOfSource(String eventSourceArn) {
        return evaluationQueueArn != null && !evaluationQueueArn.isEmpty() && evaluationQueueArn.equals(eventSourceArn)
                ? evaluationQueueUrl : queueUrl;
    }
}
