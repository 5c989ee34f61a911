package io.medextract.handlers.extract;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.http.StructuredLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs one SQS batch: the messages in parallel (each waits on Bedrock), and answers with the ids of those
 * that must come back (partial batch response). A message to retry is made visible again after its
 * backoff; a poison message right away, so it reaches the DLQ after maxReceiveCount receives instead of
 * after hours of visibility timeouts.
 */
public final class ExtractionBatchProcessor {

    /** Below this much invocation time left, a message is not started but handed back. */
    static final long MIN_MILLIS_TO_START = 60_000;

    private final ExtractionWorker worker;
    private final SqsClient sqs;
    private final String queueUrl;
    private final StructuredLog log;
    private final ExecutorService pool = Executors.newFixedThreadPool(10, r -> {
        Thread t = new Thread(r, "extraction");
        t.setDaemon(true);
        return t;
    });

    public ExtractionBatchProcessor(ExtractionWorker worker, SqsClient sqs, String queueUrl, StructuredLog log) {
        this.worker = worker;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
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
                done = results.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            } catch (java.util.concurrent.ExecutionException e) {
                done = false;
            }
            if (!done) {
                failures.add(Map.of("itemIdentifier", records.get(i).path("messageId").asText()));
            }
        }
        return Map.of("batchItemFailures", failures);
    }

    /** True when the message can be deleted. */
    private boolean processOne(JsonNode record, Context context) {
        String messageId = record.path("messageId").asText();
        String receipt = record.path("receiptHandle").asText();
        if (context != null && context.getRemainingTimeInMillis() < MIN_MILLIS_TO_START) {
            return false;
        }
        try {
            ExtractionMessage message = ExtractionMessage.parse(record.path("body").asText());
            ExtractionWorker.Outcome outcome = worker.process(message,
                    () -> context == null ? 300_000 : context.getRemainingTimeInMillis());
            if (outcome instanceof ExtractionWorker.Outcome.RetryLater later) {
                delay(receipt, later.delay());
                return false;
            }
            return true;
        } catch (ExtractionMessage.PoisonMessageException e) {
            log.error("poison message; it will move to the dead-letter queue",
                    Map.of("messageId", messageId, "reason", e.getMessage()));
            delay(receipt, Duration.ZERO);
            return false;
        } catch (RuntimeException e) {
            // The exception type only: messages can quote document content.
            log.error("extraction failed unexpectedly; message returns to the queue",
                    Map.of("messageId", messageId, "exception", e.getClass().getName()));
            return false;
        }
    }

    private void delay(String receiptHandle, Duration delay) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) Math.min(43_200, delay.toSeconds())));
        } catch (RuntimeException e) {
            log.warn("could not shorten the message's visibility; it returns after the queue's timeout",
                    Map.of("exception", e.getClass().getName()));
        }
    }
}
