package io.medextract.cdk;

import java.util.List;

/**
 * Who may call a route. {@link PlatformApi#ROUTES} gives each route one group, and both authorization modes read
 * that one table: with Cognito a method requires the access-token scope {@code <cognitoScopePrefix>/<scope>}, with
 * IAM the grant of the group ({@link MedExtractPlatform#grantReadApi} and its siblings) names exactly the methods
 * and paths of its routes.
 */
enum RouteGroup {
    /** GET routes: the caller's own documents and extractions, metrics, experiments, evaluations. */
    READ("read", "GET routes", "Read routes", List.of()),
    /** Uploads, extractions, experiment and evaluation changes. */
    WRITE("write", "POST and PATCH routes", "Write routes",
            List.of(ConsoleScopeTrigger.WRITERS, ConsoleScopeTrigger.ADMINS)),
    /** Moving prompt labels (promote, rollback) and erasing documents. */
    ADMIN("admin", "promote and roll back experiments, erase documents", "Admin routes",
            List.of(ConsoleScopeTrigger.ADMINS)),
    /**
     * The {@code /api/any-owner/...} GET routes: documents, extractions and labelled evaluation documents of every
     * owner (with {@code documentAccess} OWNER_ONLY, the read routes show a caller only its own).
     */
    READ_ANY_OWNER("read-any-owner", "read every owner's documents and extractions", "Any-owner read routes",
            List.of(ConsoleScopeTrigger.ANY_OWNER_READERS));

    private final String scope;
    private final String scopeDescription;
    private final String grantDescription;
    private final List<String> consoleGroups;

    RouteGroup(String scope, String scopeDescription, String grantDescription, List<String> consoleGroups) {
        this.scope = scope;
        this.scopeDescription = scopeDescription;
        this.grantDescription = grantDescription;
        this.consoleGroups = consoleGroups;
    }

    /** The custom scope name under the resource server ({@code <cognitoScopePrefix>/<scope>}). */
    String scope() {
        return scope;
    }

    String scopeDescription() {
        return scopeDescription;
    }

    String grantDescription() {
        return grantDescription;
    }

    /**
     * The console's Cognito groups whose members keep this scope in their access tokens; empty: every console user.
     */
    List<String> consoleGroups() {
        return consoleGroups;
    }

    static RouteGroup ofScope(String scope) {
        for (RouteGroup group : values()) {
            if (group.scope.equals(scope)) {
                return group;
            }
        }
        throw new IllegalArgumentException("no route group with scope " + scope);
    }
}
