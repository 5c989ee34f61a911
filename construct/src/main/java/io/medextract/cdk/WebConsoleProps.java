package io.medextract.cdk;

import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.certificatemanager.ICertificate;

/**
 * The web console: a single-page app in a private S3 bucket behind CloudFront, with sign-in through a Cognito
 * user pool (hosted UI, authorization code with PKCE). Set on {@link MedExtractPlatformProps.Builder#webConsole};
 * needs {@code authorization(ApiAuthorization.COGNITO)}. Every field is optional; {@link StageDefaults#webConsole()}
 * holds the stage defaults.
 */
public final class WebConsoleProps {

    /** The API's Cognito scope groups (see {@code cognitoScopePrefix}), from the route table's groups. */
    static final Set<String> SCOPE_GROUPS = java.util.Arrays.stream(RouteGroup.values()).map(RouteGroup::scope)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final String domainName;
    private final ICertificate certificate;
    private final String cognitoDomainPrefix;
    private final Boolean threatProtection;
    private final List<String> scopes;
    private final List<String> extraCallbackUrls;
    private final String webAclId;

    private WebConsoleProps(Builder b) {
        this.domainName = b.domainName;
        this.certificate = b.certificate;
        this.cognitoDomainPrefix = b.cognitoDomainPrefix;
        this.threatProtection = b.threatProtection;
        this.scopes = b.scopes == null ? java.util.Arrays.stream(RouteGroup.values()).map(RouteGroup::scope).toList()
                : List.copyOf(b.scopes);
        this.extraCallbackUrls = b.extraCallbackUrls == null ? List.of() : List.copyOf(b.extraCallbackUrls);
        this.webAclId = b.webAclId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Custom domain of the distribution (with {@code certificate}); null: the distribution's cloudfront.net name. */
    public String getDomainName() { return domainName; }
    /** ACM certificate in us-east-1 for {@code domainName}; viewers then need TLS 1.2 (TLSv1.2_2021). */
    public ICertificate getCertificate() { return certificate; }
    /** Hosted UI domain prefix; null: {@code medextract-<platformName>-<account>}. */
    public String getCognitoDomainPrefix() { return cognitoDomainPrefix; }
    /** Null: the stage default (staging/prod on). */
    public Boolean getThreatProtection() { return threatProtection; }
    /** Scope groups the console's app client may ask for: {@code read}, {@code write}, {@code admin}. */
    public List<String> getScopes() { return scopes; }
    /** Further sign-in callback URLs, e.g. {@code http://localhost:5173/} for a developer's console. */
    public List<String> getExtraCallbackUrls() { return extraCallbackUrls; }
    /** ARN of a CLOUDFRONT-scope WAFv2 web ACL (created in us-east-1) for the distribution. */
    public String getWebAclId() { return webAclId; }

    public static final class Builder {
        private String domainName;
        private ICertificate certificate;
        private String cognitoDomainPrefix;
        private Boolean threatProtection;
        private List<String> scopes;
        private List<String> extraCallbackUrls;
        private String webAclId;

        private Builder() {}

        /** Custom domain, e.g. console.example.org; needs {@link #certificate}. */
        public Builder domainName(String domainName) { this.domainName = domainName; return this; }
        /** ACM certificate (us-east-1) covering {@link #domainName}. */
        public Builder certificate(ICertificate certificate) { this.certificate = certificate; return this; }
        /** Cognito hosted UI domain prefix (globally unique per region). */
        public Builder cognitoDomainPrefix(String prefix) { this.cognitoDomainPrefix = prefix; return this; }
        /** Cognito threat protection (Plus feature plan, enforced); default on in staging and prod. */
        public Builder threatProtection(boolean on) { this.threatProtection = on; return this; }
        /** Scope groups the console may request. Default: read, write, admin. */
        public Builder scopes(List<String> scopes) { this.scopes = scopes; return this; }
        /** More callback (and sign-out) URLs for the app client. */
        public Builder extraCallbackUrls(List<String> urls) { this.extraCallbackUrls = urls; return this; }
        /** A CLOUDFRONT-scope web ACL ARN to associate with the distribution. */
        public Builder webAclId(String arn) { this.webAclId = arn; return this; }

        public WebConsoleProps build() {
            if ((domainName == null) != (certificate == null)) {
                throw new IllegalArgumentException("webConsole: domainName and certificate go together (a custom domain"
                        + " needs an ACM certificate in us-east-1)");
            }
            if (domainName != null && !domainName.matches("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
                throw new IllegalArgumentException("webConsole.domainName must be a lower-case DNS name like"
                        + " console.example.org, got '" + domainName + "'");
            }
            if (cognitoDomainPrefix != null && (!cognitoDomainPrefix.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
                    || cognitoDomainPrefix.matches(".*(aws|amazon|cognito).*"))) {
                throw new IllegalArgumentException("webConsole.cognitoDomainPrefix must be 1..63 lower-case letters,"
                        + " digits and hyphens, without 'aws', 'amazon' or 'cognito', got '" + cognitoDomainPrefix + "'");
            }
            if (scopes != null && (scopes.isEmpty() || !SCOPE_GROUPS.containsAll(scopes))) {
                throw new IllegalArgumentException("webConsole.scopes must list some of "
                        + String.join(", ", new java.util.TreeSet<>(SCOPE_GROUPS)) + ", got " + scopes);
            }
            if (extraCallbackUrls != null && extraCallbackUrls.stream().anyMatch(
                    u -> u == null || !u.matches("(https://[^\\s/]+|http://localhost(:\\d{1,5})?)/.*"))) {
                throw new IllegalArgumentException("webConsole.extraCallbackUrls must be https URLs (http only for"
                        + " localhost) ending in a path, got " + extraCallbackUrls);
            }
            if (webAclId != null && !webAclId.matches("arn:aws[a-z-]*:wafv2:us-east-1:\\d{12}:global/webacl/.+")) {
                throw new IllegalArgumentException("webConsole.webAclId must be a CLOUDFRONT-scope WAFv2 web ACL ARN"
                        + " (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), got " + webAclId);
            }
            return new WebConsoleProps(this);
        }
    }
}
