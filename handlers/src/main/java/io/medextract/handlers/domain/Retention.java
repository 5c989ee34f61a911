package io.medextract.handlers.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import io.medextract.contract.EnvironmentVariables;

/**
 * How long documents, their extractions and labelled evaluation documents are kept (the construct prop
 * {@code retention}, env {@code DOCUMENT_RETENTION_DAYS}; unset: until erased), and how long a presigned upload
 * that never arrived keeps its document item. Items carry the instant in {@code expiresAt}, the tables' TTL
 * attribute; reads treat an item past it as gone, since DynamoDB deletes expired items only within days
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
 */
public record Retention(Optional<Duration> kept) {

    public static final String ENVIRONMENT_VARIABLE = EnvironmentVariables.DOCUMENT_RETENTION_DAYS;
    /**
     * A document item whose presigned upload never arrived goes a day after it was made: the URL lives 10 minutes,
     * and a day leaves the S3 event ample time in the queue. Until then its file name is kept, never longer.
     */
    public static final Duration PENDING_UPLOAD = Duration.ofHours(24);

    public static final Retention UNTIL_ERASED = new Retention(Optional.empty());

    public static Retention days(long days) {
        return new Retention(Optional.of(Duration.ofDays(days)));
    }

    public static Retention from(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return UNTIL_ERASED;
        }
        try {
            long days = Long.parseLong(value.strip());
            if (days < 1) {
                throw new NumberFormatException();
            }
            return days(days);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(ENVIRONMENT_VARIABLE + " must be a whole number of days, got '" + value + "'");
        }
    }

    /** When something created at {@code created} goes; null when it is kept until erased. */
    public Instant until(Instant created) {
        return kept.map(created::plus).orElse(null);
    }
}
