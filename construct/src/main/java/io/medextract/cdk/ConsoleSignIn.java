package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.CfnUserPoolClient;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.constructs.Construct;

/**
 * Sign-in for the web console: a user pool (administrators create users; strong passwords, TOTP MFA required),
 * a resource server whose scopes are the API's route groups ({@code <cognitoScopePrefix>/read}, {@code /write},
 * {@code /admin}), the hosted UI domain, and a public app client (no secret) for the authorization code grant
 * with PKCE whose callback is the console's origin; a trigger narrows each user's scopes to their groups
 * ({@link ConsoleScopeTrigger}).
 */
final class ConsoleSignIn extends Construct {

    /** The only API auth flow the console's client allows: refreshing tokens the hosted UI issued. */
    static final List<String> CONSOLE_AUTH_FLOWS = List.of("ALLOW_REFRESH_TOKEN_AUTH");

    private final UserPool userPool;
    private final UserPoolDomain domain;
    private final UserPoolClient client;
    private final List<String> scopes;
    private final ConsoleScopeTrigger scopeTrigger;

    ConsoleSignIn(Construct scope, String id, EffectiveSettings settings, Encryption encryption, WebConsoleProps props,
                  String consoleOrigin) {
        super(scope, id);
        StageDefaults.WebConsoleDefaults defaults = settings.values().webConsole();
        boolean threatProtection = props.getThreatProtection() != null ? props.getThreatProtection() : defaults.threatProtection();
        UserPool.Builder pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName("medextract-" + settings.platformName())
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).username(false).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12).requireLowercase(true).requireUppercase(true).requireDigits(true)
                        .requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .featurePlan(threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS)
                .deletionProtection(defaults.userPoolDeletionProtection())
                .removalPolicy(settings.values().removalPolicy());
        if (threatProtection) {
            pool.standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION);
        }
        this.userPool = pool.build();

        String prefix = settings.props().getCognitoScopePrefix();
        List<ResourceServerScope> serverScopes = java.util.Arrays.stream(RouteGroup.values())
                .sorted(java.util.Comparator.comparing(RouteGroup::scope))
                .map(group -> ResourceServerScope.Builder.create().scopeName(group.scope())
                        .scopeDescription(group.scopeDescription()).build())
                .toList();
        UserPoolResourceServer server = userPool.addResourceServer("Api", UserPoolResourceServerOptions.builder()
                .identifier(prefix)
                .userPoolResourceServerName("medextract-api")
                .scopes(serverScopes)
                .build());

        this.domain = userPool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix(props.getCognitoDomainPrefix() != null ? props.getCognitoDomainPrefix()
                                : defaultDomainPrefix(settings.platformName()))
                        .build())
                .build());

        List<OAuthScope> oauthScopes = new ArrayList<>(List.of(OAuthScope.OPENID, OAuthScope.EMAIL));
        this.scopes = new ArrayList<>(List.of("openid", "email"));
        for (ResourceServerScope s : serverScopes) {
            if (props.getScopes().contains(s.getScopeName())) {
                oauthScopes.add(OAuthScope.resourceServer(server, s));
                scopes.add(prefix + "/" + s.getScopeName());
            }
        }
        List<String> callbacks = new ArrayList<>(List.of(consoleOrigin + "/"));
        callbacks.addAll(props.getExtraCallbackUrls());
        this.client = userPool.addClient("ConsoleClient", UserPoolClientOptions.builder()
                .userPoolClientName("medextract-console")
                .generateSecret(false)
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(oauthScopes)
                        .callbackUrls(callbacks)
                        .logoutUrls(callbacks)
                        .build())
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(12))
                .build());
        // The console signs in through the hosted UI (authorization code + PKCE) and refreshes its tokens: no API
        // sign-in flow. Left unset, Cognito would also allow SRP and custom auth with this public client id.
        // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
        ((CfnUserPoolClient) client.getNode().getDefaultChild()).setExplicitAuthFlows(CONSOLE_AUTH_FLOWS);
        this.scopeTrigger = new ConsoleScopeTrigger(this, "ScopesByGroup", settings, encryption, userPool);
    }

    /** {@code medextract-<platformName>-<account>}: unique per account, at most 62 characters. */
    static String defaultDomainPrefix(String platformName) {
        String name = platformName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("(aws|amazon|cognito)", "x");
        name = name.length() > 38 ? name.substring(0, 38) : name;
        return Fn.join("-", List.of("medextract", name.replaceAll("-+$", ""), Aws.ACCOUNT_ID));
    }

    UserPool userPool() { return userPool; }
    UserPoolDomain domain() { return domain; }
    UserPoolClient client() { return client; }
    ConsoleScopeTrigger scopeTrigger() { return scopeTrigger; }
    /** What the console asks for at sign-in. */
    List<String> scopes() { return List.copyOf(scopes); }
    /** {@code https://<prefix>.auth.<region>.amazoncognito.com}. */
    String hostedUiUrl() { return domain.baseUrl(); }
}
