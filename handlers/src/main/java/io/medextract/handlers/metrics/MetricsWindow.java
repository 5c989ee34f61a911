package io.medextract.handlers.metrics;

import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.http.ApiRequest;
import io.medextract.handlers.prompts.PromptTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * The validated query of a metrics request: {@code from} and {@code to} (ISO-8601 instants, {@code from < to},
 * default the last 24 hours) and an optional {@code promptVersion}. Metrics describe the past: a {@code to} after
 * now is read as now, and {@code from} must not lie after it; the window that remains spans at most 90 days.
 */
public record MetricsWindow(Instant from, Instant to, Optional<String> promptVersion) {

    static final Duration MAX_WINDOW = Duration.ofDays(90);
    private static final Set<String> ALLOWED = Set.of("from", "to", "promptVersion");

    public static MetricsWindow parse(ApiRequest request, Instant now) {
        for (String name : request.queryParameters().keySet()) {
            if (!ALLOWED.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "'; allowed: from, to, promptVersion");
            }
        }
        Instant asked = request.query("to").map(v -> instant("to", v)).orElse(now);
        Instant from = request.query("from").map(v -> instant("from", v)).orElse(asked.minus(Duration.ofHours(24)));
        if (!from.isBefore(asked)) {
            throw ApiException.badRequest("from must be before to");
        }
        if (from.isAfter(now)) {
            throw ApiException.badRequest("from must not be after now (" + now + "): metrics cover finished extractions");
        }
        // Hours after now hold nothing yet, but each would cost a query of raw results: never read them.
        Instant to = asked.isAfter(now) ? now : asked;
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("the window may span at most 90 days");
        }
        Optional<String> version = request.query("promptVersion");
        version.ifPresent(v -> {
            if (!PromptTemplate.isWellFormedId(v)) {
                throw ApiException.badRequest("promptVersion must look like name@version");
            }
        });
        return new MetricsWindow(from, to, version);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-25T00:00:00Z");
        }
    }

    /** The first hour of the window and the hour after its last, as rollups are keyed. */
    Instant firstHour() {
        return from.truncatedTo(ChronoUnit.HOURS);
    }

    Instant endHour() {
        Instant t = to.truncatedTo(ChronoUnit.HOURS);
        return t.equals(to) ? t : t.plus(1, ChronoUnit.HOURS);
    }
}
