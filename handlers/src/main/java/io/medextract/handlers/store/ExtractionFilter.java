package io.medextract.handlers.store;

import io.medextract.handlers.domain.ExtractionRecord;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which of a document's extractions a reader is shown when it asks for "the newest": the same rule as a DynamoDB
 * filter expression (for the pages read after the first) and as a Java test (for the item the first read returns).
 */
public record ExtractionFilter(String expression, Map<String, AttributeValue> values, Predicate<ExtractionRecord> test) {

    /** Every extraction. */
    public static final ExtractionFilter ALL = new ExtractionFilter(null, Map.of(), r -> true);

    /**
     * Extractions no other caller asked for: requested by {@code owner}, or by no caller at all (the upload event,
     * an evaluation run, items written before requesters were recorded). With a null owner (a document written
     * before owners were recorded) only the latter.
     */
    public static ExtractionFilter notRequestedByOthersThan(String owner) {
        if (owner == null) {
            return new ExtractionFilter("attribute_not_exists(requestedBy)", Map.of(), r -> r.requestedBy() == null);
        }
        return new ExtractionFilter("attribute_not_exists(requestedBy) OR requestedBy = :requester",
                Map.of(":requester", AttributeValue.fromS(owner)),
                r -> r.requestedBy() == null || owner.equals(r.requestedBy()));
    }

    /** Extractions {@code requester} (an owner identity) asked for through the API. */
    public static ExtractionFilter requestedBy(String requester) {
        return new ExtractionFilter("requestedBy = :requester", Map.of(":requester", AttributeValue.fromS(requester)),
                r -> Objects.equals(requester, r.requestedBy()));
    }
}
