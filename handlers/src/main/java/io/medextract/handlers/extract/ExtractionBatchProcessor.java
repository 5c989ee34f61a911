package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.medextract.handlers.domain.ExtractionMessage;

/**
 * Runs one SQS batch: the messages in parallel (each waits on Bedrock), and answers with the ids of those
 * that must come back (partial batch response). A message to retry later is replaced by a new, delayed one
 * and reported done, so waiting never counts toward maxReceiveCount; a poison message is made visible again
 * right away, so it reaches the DLQ after maxReceiveCount receives instead of after hours of visibility
 * timeouts. Records from the dead-letter queue go to the {@link DeadLetterConsumer}.
 */
public final class ExtractionBatchProcessor {

    /** Below this much invocation time left, a message is not started but handed back. */
    static final long MIN_MILLIS_TO_START = 60_000;

    /** Kept back from the invocation's end to write the batch response. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    /** ChangeMessageVisibility maximum: 12 hours. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html */
    static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private final ExtractionWorker worker;
    private final DeadLetterConsumer deadLetters;
    private final java.util.function.Supplier<SqsClient> sqs;
    private final ExtractionQueues queues;
    private final StructuredLog log;
    private final ExecutorService pool = Executors.newFixedThreadPool(10, r -> {
        Thread t = new Thread(r, "extraction");
        t.setDaemon(true);
        return t;
    });

    public ExtractionBatchProcessor(ExtractionWorker worker, DeadLetterConsumer deadLetters, SqsClient sqs,
                                    ExtractionQueues queues, StructuredLog log) {
        this(worker, deadLetters, () -> sqs, queues, log);
    }

    /** @param sqs asked for the client when a message must be re-sent or delayed */
    public ExtractionBatchProcessor(ExtractionWorker worker, DeadLetterConsumer deadLetters,
                                    java.util.function.Supplier<SqsClient> sqs, ExtractionQueues queues,
                                    StructuredLog log) {
        this.worker = worker;
        this.deadLetters = deadLetters;
        this.sqs = sqs;
        this.queues = queues;
        this.log = log;
    }

    public Map<String, Object> process(JsonNode event, Context context) {
        List<JsonNode> records = new ArrayList<>();
        event.path("Records").forEach(records::add);
        List<Future<Boolean>> results = new ArrayList<>();
        for (JsonNode record : records) {
            results.add(pool.submit(() -> processOne(record, context)));
        }
        List<Map<String, String>> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            boolean done;
            try {
                done = results.get(i).get(waitMillis(context), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("extraction failed unexpectedly; message returns to the queue", Map.of("messageId",
                        records.get(i).path("messageId").asText(), "exception", e.getCause().getClass().getName()));
                done = false;
            } catch (java.util.concurrent.TimeoutException e) {
                // Answer Lambda before the invocation ends: this message returns, its claim's lease guards it.
                log.warn("message still in progress at the end of the invocation; it returns to the queue",
                        Map.of("messageId", records.get(i).path("messageId").asText()));
                done = false;
            }
            if (!done) {
                failures.add(Map.of("itemIdentifier", records.get(i).path("messageId").asText()));
            }
        }
        return Map.of("batchItemFailures", failures);
    }

    /**
     * How long to wait for a message: until {@link #ANSWER_MARGIN} before the invocation ends, so the batch
     * response always reaches Lambda, whatever one message is doing.
     */
    static long waitMillis(Context context) {
        long remaining = context == null ? 300_000 : context.getRemainingTimeInMillis();
        return Math.max(0, remaining - ANSWER_MARGIN.toMillis());
    }

    /** True when the message can be deleted. */
    private boolean processOne(JsonNode record, Context context) {
        String messageId = record.path("messageId").asText();
        String receipt = record.path("receiptHandle").asText();
        if (queues.isDeadLetterSource(record.path("eventSourceARN").asText())) {
            return processDeadLetter(record);
        }
        if (context != null && context.getRemainingTimeInMillis() < MIN_MILLIS_TO_START) {
            return false;
        }
        String source = queues.urlOfSource(record.path("eventSourceARN").asText());
        try {
            ExtractionMessage message = ExtractionMessage.parse(record.path("body").asText());
            ExtractionWorker.Outcome outcome = worker.process(message,
                    () -> context == null ? 300_000 : context.getRemainingTimeInMillis());
            if (outcome instanceof ExtractionWorker.Outcome.Requeue requeue) {
                return sendDelayed(source, requeue, receipt);
            }
            return true;
        } catch (ExtractionMessage.PoisonMessageException e) {
            log.error("poison message; it will move to the dead-letter queue",
                    Map.of("messageId", messageId, "reason", e.getMessage()));
            delay(source, receipt, Duration.ZERO);
            return false;
        } catch (RuntimeException | Error e) { // an Error ends this message only, never the batch
            // The exception type only: messages can quote document content.
            log.error("extraction failed unexpectedly; message returns to the queue",
                    Map.of("messageId", messageId, "exception", e.getClass().getName()));
            return false;
        }
    }

    /**
     * Sends the retry as a new message with DelaySeconds to the queue the message came from (an evaluation run's
     * extraction stays on the evaluation queue); true (delete the old one) once it is sent. A crash
     * between the send and the delete leaves two messages: the conditional claim lets only one of them work.
     */
    private boolean sendDelayed(String queueUrl, ExtractionWorker.Outcome.Requeue requeue, String receipt) {
        try {
            sqs.get().sendMessage(b -> b.queueUrl(queueUrl)
                    .messageBody(Json.write(requeue.next().toBody()))
                    .delaySeconds((int) requeue.delay().toSeconds()));
            return true;
        } catch (RuntimeException e) {
            // The old message comes back instead: this costs one receive, but the extraction is not lost.
            log.warn("could not send the delayed retry; the message returns instead",
                    Map.of("extractionId", requeue.next().extractionId(), "exception", e.getClass().getName()));
            delay(queueUrl, receipt, requeue.delay());
            return false;
        }
    }

    private boolean processDeadLetter(JsonNode record) {
        String messageId = record.path("messageId").asText();
        String receipt = record.path("receiptHandle").asText();
        try {
            DeadLetterConsumer.Decision decision = deadLetters.handle(messageId, record.path("body").asText());
            if (decision instanceof DeadLetterConsumer.Decision.LookAgain again) {
                delay(queues.deadLetterQueueUrl(), receipt, again.delay());
                return false;
            }
            if (decision instanceof DeadLetterConsumer.Decision.Keep) {
                // Kept for inspection until the DLQ's retention ends; looked at twice a day meanwhile.
                delay(queues.deadLetterQueueUrl(), receipt, MAX_VISIBILITY);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            log.error("dead letter could not be settled; it will be received again",
                    Map.of("messageId", messageId, "exception", e.getClass().getName()));
            return false;
        }
    }

    private void delay(String queueUrl, String receiptHandle, Duration delay) {
        try {
            sqs.get().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) Math.min(MAX_VISIBILITY.toSeconds(), delay.toSeconds())));
        } catch (RuntimeException e) {
            log.warn("could not shorten the message's visibility; it returns after the queue's timeout",
                    Map.of("exception", e.getClass().getName()));
        }
    }
}
