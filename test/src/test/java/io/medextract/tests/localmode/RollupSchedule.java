package io.medextract.tests.localmode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the construct's EventBridge rule that invokes the metrics function every {@link #EVERY} with a
 * "Scheduled Event" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html),
 * or at another fixed interval when local mode is asked to.
 */
final class RollupSchedule implements AutoCloseable {

    /** The deployed rule's rate (the construct's HandlerFunctions.ROLLUP_MINUTES). */
    static final Duration EVERY = Duration.ofMinutes(5);

    private final RequestStreamHandler metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollup-schedule");
        t.setDaemon(true);
        return t;
    });

    RollupSchedule(RequestStreamHandler metrics, Duration every) {
        this.metrics = metrics;
        Duration period = every == null ? EVERY : every;
        timer.scheduleAtFixedRate(this::runQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the rollup now, as the schedule would; returns the function's answer. */
    JsonNode runNow() {
        ObjectNode event = LocalPlatform.JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/medextract-local-hourly-rollup");
        event.putObject("detail");
        return LocalPlatform.invoke(metrics, event, TestContext.fresh());
    }

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            System.err.println("local mode: hourly rollup failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
