package io.medextract.handlers.access;

import io.medextract.handlers.http.ApiRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who asks, as access decisions see it.
 *
 * @param caller       the identity API Gateway verified: an IAM principal's ARN (SigV4) or {@code cognito:<sub>}
 *                     (the same value idempotency keys are scoped by)
 * @param owner        what the caller's items are owned as: the caller, except that every session of one IAM role
 *                     is one owner ({@link #ownerOf})
 * @param acrossOwners the request came in on an {@code /api/any-owner/...} route, whose scope (Cognito) or grant
 *                     (IAM) API Gateway already checked: it reads every owner's items
 */
public record Requester(String caller, String owner, boolean acrossOwners) {

    /** The routes that read across owners; API Gateway admits only callers with their scope or grant. */
    public static final String ANY_OWNER_PREFIX = "/api/any-owner/";

    private static final Pattern ASSUMED_ROLE = Pattern.compile("(arn:aws[a-z-]*:sts::\\d{12}:assumed-role/[^/]+)/.+");

    public static Requester of(ApiRequest request) {
        return new Requester(request.caller(), ownerOf(request.caller()), request.resource().startsWith(ANY_OWNER_PREFIX));
    }

    /** A requester on an owner's own routes (tests, and callers that never read across owners). */
    public static Requester ownRoutes(String caller) {
        return new Requester(caller, ownerOf(caller), false);
    }

    /**
     * The owner a caller's items get. An assumed-role session ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>})
     * owns as its role ({@code arn:aws:sts::<account>:assumed-role/<role>}): whoever assumes a role chooses the
     * session name, so it cannot separate owners, and a service's tasks, instances or invocations each run their own
     * session of one role. IAM users, federated users and Cognito users own as themselves.
     */
    public static String ownerOf(String caller) {
        Matcher m = ASSUMED_ROLE.matcher(caller);
        return m.matches() ? m.group(1) : caller;
    }
}
