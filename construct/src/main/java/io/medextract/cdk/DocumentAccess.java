package io.medextract.cdk;

/**
 * Who reads and re-extracts a document, its extractions and an evaluation set's labelled documents: the prop
 * {@link MedExtractPlatformProps.Builder#documentAccess}. Owners are the caller identities the API verified (an IAM
 * principal, every session of one role counting as that role, or a Cognito user).
 *
 * <p>The trade-off: {@link #OWNER_ONLY} is HIPAA's "minimum necessary" by default and limits what one leaked
 * credential or curious colleague can read to what that caller uploaded, but a team that works one queue of
 * documents together must either use one shared identity (losing per-person audit) or give its members the
 * any-owner read scope or grant, and a colleague cannot re-extract someone else's document. {@link #SHARED} lets
 * every reader read and every writer re-extract everything, today's simpler model, at the price that any read
 * credential reads every patient's document. Either way reading across owners stays possible for those given
 * {@code read-any-owner}; metrics, experiments, evaluation runs and set names hold no PHI and are shared in both.
 */
public enum DocumentAccess {
    /**
     * The default: a caller reads and re-extracts only what it created; the {@code /api/any-owner/...} routes
     * (Cognito scope {@code read-any-owner}, IAM {@code grantReadAnyOwnerApi}) read every owner's. Items written
     * before owners were recorded have none and are read only there.
     */
    OWNER_ONLY,
    /** Every caller with the read scope or grant reads everything; every writer re-extracts everything. */
    SHARED
}
