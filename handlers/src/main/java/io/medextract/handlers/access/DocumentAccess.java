package io.medextract.handlers.access;

import java.util.Map;
import io.medextract.contract.EnvironmentVariables;

/**
 * Who reads and re-extracts a document, its extractions and an evaluation set's labelled documents (the construct
 * prop {@code documentAccess}, env {@code DOCUMENT_ACCESS}).
 */
public enum DocumentAccess {
    /**
     * The default: only the owner (the caller that created it) reads and re-extracts; callers on the
     * {@code /api/any-owner/...} routes (an explicit scope or grant) read everyone's. An item without an owner
     * (written before owners were recorded) is read only there.
     */
    OWNER_ONLY,
    /** Every caller with the read scope or grant reads everything, every writer re-extracts everything. */
    SHARED;

    public static final String ENVIRONMENT_VARIABLE = EnvironmentVariables.DOCUMENT_ACCESS;

    /** The mode the construct set; {@link #OWNER_ONLY} when unset, so a missing variable never opens data up. */
    public static DocumentAccess from(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return OWNER_ONLY;
        }
        try {
            return valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(ENVIRONMENT_VARIABLE + " must be OWNER_ONLY or SHARED, got '" + value + "'");
        }
    }

    /** Whether {@code requester} may read what {@code owner} created (null owner: written before owners existed). */
    public boolean mayRead(String owner, Requester requester) {
        return this == SHARED || requester.acrossOwners() || (owner != null && owner.equals(requester.owner()));
    }

    /**
     * Whether {@code requester} may change or re-extract what {@code owner} created. Reading across owners never
     * includes changing: the any-owner routes are all GETs.
     */
    public boolean mayChange(String owner, Requester requester) {
        return this == SHARED || (owner != null && owner.equals(requester.owner()));
    }
}
