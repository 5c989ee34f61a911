package io.medextract.handlers.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import io.medextract.handlers.variants.ExperimentStatus;

/** The list's query string: every bad limit, status or token is a 400 with a message, never a DynamoDB error. */
class ListingRequestTest {

    private static final String ID = SortableIds.next(SortableIds.EXPERIMENT, Instant.parse("2026-11-30T10:15:30.123Z"));

    @Test
    void defaultsToTheFirstPageOfFifty() {
        ListingRequest request = ListingRequest.fromQuery(Map.of());
        assertThat(request.limit()).isEqualTo(ListingRequest.DEFAULT_LIMIT).isEqualTo(50);
        assertThat(request.status()).isEmpty();
        assertThat(request.after()).isEmpty();
        assertThat(ListingRequest.fromQuery(Map.of("limit", "100")).limit()).isEqualTo(ListingRequest.MAX_LIMIT);
        assertThat(ListingRequest.fromQuery(Map.of("limit", "1")).limit()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "+5", " 5", "5.0", "1e2", "abc", "", "99999999999999999999", "0x10"})
    void refusesLimitsOutsideOneToOneHundred(String limit) {
        assertBadRequest(Map.of("limit", limit), "limit must be a whole number from 1 to 100");
    }

    @Test
    void statusMustBeOneOfTheLifecycleStates() {
        assertThat(ListingRequest.fromQuery(Map.of("status", "RUNNING")).status()).contains(ExperimentStatus.RUNNING);
        assertBadRequest(Map.of("status", "running"), "status must be one of DRAFT, RUNNING, STOPPED, PROMOTED, ROLLED_BACK");
        assertBadRequest(Map.of("status", ""), "status must be one of");
    }

    @Test
    void aTokenRoundTripsToTheSamePosition() {
        ListPosition position = new ListPosition("2026-11-30T10:15:30.123Z", ID, Optional.of(ExperimentStatus.STOPPED));
        ListingRequest request = ListingRequest.fromQuery(Map.of("nextToken", position.token(), "status", "STOPPED"));
        assertThat(request.after()).contains(position);
        assertThat(position.token()).matches("[A-Za-z0-9_-]+").hasSizeLessThan(ListPosition.MAX_TOKEN_CHARS);
    }

    @Test
    void aTokenIsBoundToItsStatusFilter() {
        String unfiltered = new ListPosition("2026-11-30T10:15:30Z", ID, Optional.empty()).token();
        assertBadRequest(Map.of("nextToken", unfiltered, "status", "RUNNING"), "different status filter (none)");
        String running = new ListPosition("2026-11-30T10:15:30Z", ID, Optional.of(ExperimentStatus.RUNNING)).token();
        assertBadRequest(Map.of("nextToken", running), "different status filter (RUNNING)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not base64 !",
            "e30",                                                          // {}
            "bnVsbA",                                                       // null
            "W10",                                                          // []
    })
    void refusesTokensThatAreNotOurs(String token) {
        assertBadRequest(Map.of("nextToken", token), "nextToken is not a token this API issued");
    }

    @Test
    void refusesTamperedTokens() {
        for (String json : new String[] {
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"exp_nope\"}",
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"doc_" + ID.substring(4) + "\"}",
                "{\"v\":1,\"createdAt\":\"yesterday\",\"id\":\"" + ID + "\"}",
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30.000Z\",\"id\":\"" + ID + "\"}",   // not as stored
                "{\"v\":1,\"createdAt\":42,\"id\":\"" + ID + "\"}",
                "{\"v\":2,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"" + ID + "\"}",
                "{\"v\":\"1\",\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"" + ID + "\"}",
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"" + ID + "\",\"pk\":\"LABEL#x\"}",
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"" + ID + "\",\"status\":\"NOPE\"}",
                "{\"v\":1,\"createdAt\":\"2026-11-30T10:15:30Z\",\"id\":\"" + ID + "\"} {}",           // trailing
        }) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> ListingRequest.fromQuery(Map.of("nextToken", token))).as(json)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }

    @Test
    void refusesOverlongTokensBeforeDecodingThem() {
        assertBadRequest(Map.of("nextToken", "A".repeat(ListPosition.MAX_TOKEN_CHARS + 1)), "nextToken is not a token");
    }

    private static void assertBadRequest(Map<String, String> query, String message) {
        assertThatThrownBy(() -> ListingRequest.fromQuery(new HashMap<>(query)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
