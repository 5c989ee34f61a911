package io.medextract.tests.localmode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Plays the Lambda SQS event source mapping for one queue: pollers (one per unit of maximum concurrency)
 * receive up to a batch of messages, invoke the function with them as one SQS event, and delete the messages
 * the answer does not list in {@code batchItemFailures} (ReportBatchItemFailures). A function error deletes
 * nothing: the whole batch comes back after the queue's visibility timeout, and after maxReceiveCount receives
 * the queue moves a message to its dead-letter queue, as SQS does.
 */
final class SqsEventSourceMapping implements AutoCloseable {

    /** Long-poll wait per receive: short, so a stop is prompt (Lambda's pollers wait up to 20 s). */
    private static final int WAIT_SECONDS = 1;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final int functionTimeoutMillis;
    private final RequestStreamHandler function;
    private final ExecutorService pollers;
    private volatile boolean running = true;

    SqsEventSourceMapping(SqsClient sqs, String queueUrl, String queueArn, int batchSize, int concurrency,
                          int functionTimeoutMillis, RequestStreamHandler function) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = batchSize;
        this.functionTimeoutMillis = functionTimeoutMillis;
        this.function = function;
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sqs-poller-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.min(batchSize, 10)).waitTimeSeconds(WAIT_SECONDS)
                        .messageSystemAttributeNamesWithStrings("All")).messages();
                if (!messages.isEmpty() && running) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("local mode: poller for " + queueUrl + " failed, retrying: " + e);
                    sleepQuietly(1000);
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        JsonNode response;
        try {
            response = LocalPlatform.invoke(function, event(messages),
                    new TestContext(UUID.randomUUID().toString(), functionTimeoutMillis));
        } catch (RuntimeException e) {
            // A function error: Lambda deletes nothing and the batch reappears after the visibility timeout.
            System.err.println("local mode: extract function failed on a batch of " + messages.size() + ": " + e);
            return;
        }
        Set<String> failed = new HashSet<>();
        response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private JsonNode event(List<Message> messages) {
        ObjectNode event = LocalPlatform.JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            r.set("attributes", LocalPlatform.JSON.valueToTree(m.attributesAsStrings()));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
        }
        return event;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.shutdown();
        try {
            // A batch being processed finishes (its messages are deleted or come back later), within reason.
            if (!pollers.awaitTermination(10, TimeUnit.SECONDS)) {
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
