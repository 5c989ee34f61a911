package io.medextract.handlers.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;

/**
 * Where a page of the experiment list ended: the last experiment returned (its {@code createdAt} as stored, and its
 * id) and the status filter the page was read with. Handed to clients as an opaque {@code nextToken} (base64url of a
 * small JSON object). The token only names a position in a list the caller may read in full, so it needs no
 * signature; what it must never do is reach DynamoDB malformed, so every field is checked and anything else is a 400.
 */
public record ListPosition(String createdAt, String experimentId, Optional<ExperimentStatus> status) {

    /** Far above any token this class writes (about 120 characters): longer input is refused before decoding. */
    static final int MAX_TOKEN_CHARS = 512;
    private static final int FORMAT = 1;
    private static final Set<String> FIELDS = Set.of("v", "createdAt", "id", "status");

    public ListPosition {
        status = status == null ? Optional.empty() : status;
    }

    static ListPosition after(Experiment last, Optional<ExperimentStatus> status) {
        return new ListPosition(last.createdAt().toString(), last.id(), status);
    }

    public String token() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("v", FORMAT);
        json.put("createdAt", createdAt);
        json.put("id", experimentId);
        status.ifPresent(s -> json.put("status", s.name()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code token}, which must have been issued for the same {@code status} filter. */
    public static ListPosition fromToken(String token, Optional<ExperimentStatus> status) {
        JsonNode json = decode(token);
        if (!json.isObject() || json.path("v").asInt(-1) != FORMAT || !json.path("v").isInt()
                || !json.path("createdAt").isTextual() || !json.path("id").isTextual() || !knownFieldsOnly(json)) {
            throw invalid();
        }
        String createdAt = json.get("createdAt").asText();
        String id = json.get("id").asText();
        if (!SortableIds.isValid(SortableIds.EXPERIMENT, id) || !isStoredInstant(createdAt)) {
            throw invalid();
        }
        Optional<ExperimentStatus> tokenStatus = Optional.empty();
        if (json.has("status")) {
            tokenStatus = Optional.of(ExperimentStatusParameter.parse(json.get("status").asText(), "nextToken"));
        }
        if (!tokenStatus.equals(status)) {
            throw ApiException.badRequest("nextToken belongs to a list with a different status filter ("
                    + tokenStatus.map(Enum::name).orElse("none") + "): ask again with the same status, or without"
                    + " nextToken");
        }
        return new ListPosition(createdAt, id, tokenStatus);
    }

    private static JsonNode decode(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw invalid();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            return Json.mapper().readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid();
        }
    }

    private static boolean knownFieldsOnly(JsonNode json) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    /** Exactly what {@code Instant.toString()} wrote, so the index sort key it becomes has the stored form. */
    private static boolean isStoredInstant(String text) {
        try {
            return Instant.parse(text).toString().equals(text);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("nextToken is not a token this API issued: pass the nextToken of the"
                + " previous page unchanged, or leave it out to start from the newest experiment");
    }
}
