package io.medextract.handlers.logging;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import io.medextract.handlers.json.Json;

/**
 * One JSON object per line on stdout, which Lambda ships to CloudWatch Logs. Callers pass only
 * identifiers, counts and categories: never document text or extracted values.
 */
public final class StructuredLog {

    private final String component;
    private final Supplier<PrintStream> out;
    private final Clock clock;

    public StructuredLog(String component, PrintStream out, Clock clock) {
        this(component, () -> out, clock);
    }

    private StructuredLog(String component, Supplier<PrintStream> out, Clock clock) {
        this.component = component;
        this.out = out;
        this.clock = clock;
    }

    /** Writes to whatever {@code System.out} is at the time of each line. */
    public static StructuredLog toStdout(String component) {
        return new StructuredLog(component, () -> System.out, Clock.systemUTC());
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    /** Prints a ready-made JSON line, e.g. a CloudWatch Embedded Metric Format document. */
    public void raw(Object document) {
        out.get().println(Json.write(document));
    }

    private void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("component", component);
        line.put("message", message);
        line.putAll(fields);
        out.get().println(Json.write(line));
    }
}
