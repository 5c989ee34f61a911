package io.medextract.handlers.access;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.store.ExtractionFilter;
import java.util.Optional;

/**
 * {@code ?requestedBy=} on the reads that show a document's newest extraction: whose requests count. The default
 * keeps what the owner sees stable: another caller's re-extraction (possible in SHARED mode) never replaces it.
 */
public enum RequestedBy {
    /** The newest extraction the owner asked for, or that no caller asked for (the upload event, an evaluation). */
    OWNER,
    /** The newest extraction the requester itself asked for. */
    ME,
    /** The newest extraction, whoever asked. */
    ANY;

    public static final String PARAMETER = "requestedBy";

    public static RequestedBy parse(Optional<String> value) {
        if (value.isEmpty()) {
            return OWNER;
        }
        return switch (value.get()) {
            case "owner" -> OWNER;
            case "me" -> ME;
            case "any" -> ANY;
            default -> throw ApiException.badRequest(PARAMETER + " must be owner (the default), me or any");
        };
    }

    public ExtractionFilter filter(DocumentRecord document, Requester requester) {
        return switch (this) {
            case OWNER -> ExtractionFilter.notRequestedByOthersThan(document.owner());
            case ME -> ExtractionFilter.requestedBy(requester.owner());
            case ANY -> ExtractionFilter.ALL;
        };
    }
}
