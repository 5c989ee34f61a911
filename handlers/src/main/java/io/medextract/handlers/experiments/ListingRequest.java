package io.medextract.handlers.experiments;

import io.medextract.handlers.http.ApiException;
import java.util.Map;
import java.util.Optional;
import io.medextract.handlers.variants.ExperimentStatus;

/**
 * {@code GET /api/experiments?limit=&nextToken=&status=}: one page of the list, newest first.
 *
 * <p>Limits: an experiment item is about 1 KB (name, label, a few variants), so the largest page is about 100 KB:
 * one DynamoDB Query reads it whole (a Query page stops at 1 MB,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html) and the answer stays far
 * below Lambda's 6 MB response payload. 50 fills a screen of the console; 100 is the most a client may ask for.
 */
public record ListingRequest(int limit, Optional<ExperimentStatus> status, Optional<ListPosition> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    public ListingRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
    }

    public static ListingRequest firstPage() {
        return new ListingRequest(DEFAULT_LIMIT, Optional.empty(), Optional.empty());
    }

    /** From the query string; any bad value is a 400 that says what is allowed. */
    public static ListingRequest fromQuery(Map<String, String> query) {
        Optional<ExperimentStatus> status = Optional.ofNullable(query.get("status"))
                .map(s -> ExperimentStatusParameter.parse(s, "status"));
        Optional<ListPosition> after = Optional.ofNullable(query.get("nextToken"))
                .map(token -> ListPosition.fromToken(token, status));
        return new ListingRequest(limit(query.get("limit")), status, after);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        // Digits only (no sign, no spaces) and at most three of them, so parsing can never overflow.
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + " (default "
                    + DEFAULT_LIMIT + ")");
        }
        return Integer.parseInt(value);
    }
}
