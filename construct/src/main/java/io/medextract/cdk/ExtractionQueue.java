package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The extraction queue and its dead-letter queue, fed by S3 "Object Created" events (through EventBridge)
 * for the upload prefix and by POST /api/extract; the evaluation queue, which evaluation runs feed (read by the same
 * function with its own, low maximum concurrency, so production uploads never wait behind a run; it dead-letters into
 * the same queue, whose consumer settles any extraction); plus the queue that keeps failed async invocations, and the
 * one that keeps upload events EventBridge could not deliver.
 */
final class ExtractionQueue extends Construct {

    /**
     * How long and how often EventBridge retries delivering an upload event to the extraction queue: the maxima a
     * target allows, 24 h and 185 attempts (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html).
     * An upload is worth a day of retries; after that the event goes to the upload-events dead-letter queue.
     */
    static final Duration UPLOAD_EVENT_MAX_AGE = Duration.hours(24);
    static final int UPLOAD_EVENT_RETRY_ATTEMPTS = 185;

    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Queue evaluationQueue;
    private final Queue asyncFailureQueue;
    private final Queue uploadEventsDeadLetterQueue;
    private final Rule objectCreatedRule;

    ExtractionQueue(Construct scope, String id, EffectiveSettings settings, Encryption encryption,
                    DocumentStore store) {
        super(scope, id);
        // Lambda's guidance: visibility timeout at least six times the function timeout, so a message is
        // not redelivered while a slow extraction still holds it. The DLQ is read by the extract function too,
        // and Lambda refuses an event source whose queue's visibility timeout is shorter than the function's.
        Duration visibility = Duration.seconds(6L * settings.function(PlatformFunction.EXTRACT).timeoutSeconds());
        this.deadLetterQueue = encryptedQueue("DeadLetter", encryption, Duration.days(14), visibility, null);
        this.queue = encryptedQueue("Queue", encryption, Duration.days(4), visibility,
                DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(settings.values().queueMaxReceiveCount()).build());
        this.evaluationQueue = encryptedQueue("EvaluationQueue", encryption, Duration.days(4), visibility,
                DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(settings.values().queueMaxReceiveCount()).build());
        this.asyncFailureQueue = encryptedQueue("AsyncFailures", encryption, Duration.days(14), null, null);
        // Upload events EventBridge gave up on (the queue's policy or key refused them, the queue was gone): without a
        // dead-letter queue they would be dropped, and the document would wait in PENDING_UPLOAD (presigned) or never
        // be extracted (inline) with nothing to show. Kept 14 days, alarmed, redriven by hand (README, Operations).
        // EventBridge may send to it: the rule's target grants that (queue policy with the rule's ARN), and the key
        // policy already lets EventBridge use the platform key for the extraction queue.
        this.uploadEventsDeadLetterQueue = encryptedQueue("UploadEventsDeadLetter", encryption, Duration.days(14), null,
                null);

        this.objectCreatedRule = Rule.Builder.create(this, "DocumentUploaded")
                .description("S3 Object Created in the documents bucket's upload prefix -> extraction queue")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.s3"))
                        .detailType(List.of("Object Created"))
                        .detail(Map.of(
                                "bucket", Map.of("name", List.of(store.documentBucket().getBucketName())),
                                "object", Map.of("key", List.of(Map.of("prefix", DocumentStore.UPLOAD_PREFIX)))))
                        .build())
                .targets(List.of(SqsQueue.Builder.create(queue)
                        .deadLetterQueue(uploadEventsDeadLetterQueue)
                        .maxEventAge(UPLOAD_EVENT_MAX_AGE)
                        .retryAttempts(UPLOAD_EVENT_RETRY_ATTEMPTS)
                        .build()))
                .build();
    }

    private Queue encryptedQueue(String id, Encryption encryption, Duration retention, Duration visibility,
                                 DeadLetterQueue dlq) {
        Queue.Builder b = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(encryption.key())
                .dataKeyReuse(Duration.minutes(15))
                .enforceSsl(true)
                .retentionPeriod(retention);
        if (visibility != null) {
            b.visibilityTimeout(visibility);
        }
        if (dlq != null) {
            b.deadLetterQueue(dlq);
        }
        return b.build();
    }

    Queue queue() {
        return queue;
    }

    Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** Where evaluation runs queue their extractions. */
    Queue evaluationQueue() {
        return evaluationQueue;
    }

    Queue asyncFailureQueue() {
        return asyncFailureQueue;
    }

    /** Upload events EventBridge could not deliver to {@link #queue()} after its retries. */
    Queue uploadEventsDeadLetterQueue() {
        return uploadEventsDeadLetterQueue;
    }

    Rule objectCreatedRule() {
        return objectCreatedRule;
    }
}
