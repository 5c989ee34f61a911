package io.medextract.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.cdk.ApiAuthorization;
import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;

/**
 * README's "Cognito instead of IAM" snippet, as written there: its job client gets access tokens whose scopes are
 * the ones the API's methods require (an ID token, which the snippet used before, has none).
 */
class CognitoReadmeExampleTest {

    @Test
    @SuppressWarnings("unchecked")
    void theJobClientAsksForTheScopesTheRoutesRequire() {
        Stack stack = new Stack(new App(), "Readme");
        // --- as in README.md
        UserPool pool = UserPool.Builder.create(stack, "Users").selfSignUpEnabled(false).build();
        ResourceServerScope read = ResourceServerScope.Builder.create().scopeName("read").scopeDescription("GET routes").build();
        ResourceServerScope write = ResourceServerScope.Builder.create().scopeName("write").scopeDescription("changes").build();
        ResourceServerScope admin = ResourceServerScope.Builder.create().scopeName("admin").scopeDescription("promote").build();
        UserPoolResourceServer api = pool.addResourceServer("Api", UserPoolResourceServerOptions.builder()
                .identifier("medextract").scopes(List.of(read, write, admin)).build());
        pool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix("my-medextract").build()).build());
        UserPoolClient job = pool.addClient("Job", UserPoolClientOptions.builder()
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(List.of(OAuthScope.resourceServer(api, read), OAuthScope.resourceServer(api, write)))
                        .build())
                .build());
        new MedExtractPlatform(stack, "Prod", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).build());
        // ---
        Template t = Template.fromStack(stack);
        // each scope is "<resource server>/<name>", joined from the server's id at deploy time
        Map<String, Object> client = (Map<String, Object>) t.findResources("AWS::Cognito::UserPoolClient").values()
                .iterator().next().get("Properties");
        assertThat(client.get("AllowedOAuthFlows")).isEqualTo(List.of("client_credentials"));
        assertThat(client.get("AllowedOAuthScopes").toString()).contains("/read").contains("/write")
                .doesNotContain("/admin");
        t.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", Match.objectLike(Map.of(
                "Identifier", "medextract")));
        t.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET", "AuthorizationType", "COGNITO_USER_POOLS",
                "AuthorizationScopes", List.of("medextract/read"))));
        assertThat(job.getUserPoolClientId()).isNotNull();
    }
}
