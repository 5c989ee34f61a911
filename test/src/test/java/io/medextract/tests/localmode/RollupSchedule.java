package io.medextract.tests.localmode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.ConstructTables;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the construct's EventBridge rule that invokes the metrics function with a "Scheduled Event"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html) at the rate the
 * synthesized dev platform gives that rule ({@link #deployedRate()}), or at another fixed interval when local mode
 * is asked to.
 */
final class RollupSchedule implements AutoCloseable {

    /** {@code rate(value unit)}: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html */
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final RequestStreamHandler metrics;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollup-schedule");
        t.setDaemon(true);
        return t;
    });

    RollupSchedule(RequestStreamHandler metrics, Duration every) {
        this.metrics = metrics;
        this.period = every == null ? deployedRate() : every;
        timer.scheduleAtFixedRate(this::runQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often this schedule runs the rollup. */
    Duration period() {
        return period;
    }

    /** The rate of the dev platform's rule that targets the metrics function's live alias. */
    static Duration deployedRate() {
        List<String> expressions = ConstructTables.template().findResources("AWS::Events::Rule").values().stream()
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("Targets")).contains("MetricsLive"))
                .map(p -> String.valueOf(p.get("ScheduleExpression"))).toList();
        if (expressions.size() != 1) {
            throw new IllegalStateException("expected one rule invoking the metrics function, found " + expressions);
        }
        Matcher m = RATE.matcher(expressions.get(0));
        if (!m.matches()) {
            throw new IllegalStateException("the metrics rollup rule is not a rate expression: " + expressions.get(0));
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(value);
            case "hour", "hours" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
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
