package io.medextract.handlers.extract;

/**
 * The queues the extract function reads and writes.
 *
 * @param queueUrl           EXTRACTION_QUEUE_URL: where requests and delayed retries are sent
 * @param deadLetterQueueArn EXTRACTION_DLQ_ARN: records from this source are dead letters
 * @param deadLetterQueueUrl EXTRACTION_DLQ_URL: to hide a kept dead letter for a while
 */
public record ExtractionQueues(String queueUrl, String deadLetterQueueArn, String deadLetterQueueUrl) {

    public boolean isDeadLetterSource(String eventSourceArn) {
        return deadLetterQueueArn != null && !deadLetterQueueArn.isEmpty() && deadLetterQueueArn.equals(eventSourceArn);
    }
}
