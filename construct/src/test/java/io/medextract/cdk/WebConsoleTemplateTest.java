package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;

/** The optional web console: hosting, security headers, sign-in, and how it joins the API's CORS and authorizer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleTemplateTest {

    private SynthesizedPlatform dev;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV)
                .authorization(ApiAuthorization.COGNITO)
                .webConsole(WebConsoleProps.builder().extraCallbackUrls(List.of("http://localhost:5173/")).build())
                .build());
    }

    private static Map<String, Object> only(SynthesizedPlatform p, String type) {
        Map<String, Map<String, Object>> found = p.resources(type);
        assertThat(found).as(type).hasSize(1);
        return map(found.values().iterator().next().get("Properties"));
    }

    /** The synthesized value as JSON text, to look for references and words inside Fn::Join parts. */
    static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void offByDefault() {
        SynthesizedPlatform plain = SynthesizedPlatform.of(DeploymentStage.DEV);
        plain.template.resourceCountIs("AWS::CloudFront::Distribution", 0);
        plain.template.resourceCountIs("AWS::Cognito::UserPool", 0);
        assertThat(plain.platform.getConsoleUrl()).isNull();
        assertThat(plain.platform.getConsoleUserPool()).isNull();
    }

    @Test
    void theBucketIsPrivateAndReadOnlyByTheDistribution() {
        String site = dev.logicalId(dev.platform.getConsoleBucket());
        Map<String, Object> bucket = map(dev.resources("AWS::S3::Bucket").get(site).get("Properties"));
        assertThat(map(bucket.get("PublicAccessBlockConfiguration")).values()).containsOnly(true);
        assertThat(bucket).containsKeys("BucketEncryption", "LoggingConfiguration", "VersioningConfiguration");
        Map<String, Object> policy = dev.resources("AWS::S3::BucketPolicy").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> map(p.get("Bucket")).equals(Map.of("Ref", site)))
                .findFirst().orElseThrow();
        String statements = json(map(policy.get("PolicyDocument")).get("Statement"));
        assertThat(statements).contains("aws:SecureTransport").contains("cloudfront.amazonaws.com")
                .contains("AWS:SourceArn").doesNotContain("\"Principal\":\"*\",\"Action\":\"s3:GetObject\"");
        dev.template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    }

    @Test
    void theBucketIsEncryptedWithThePlatformKeyWhichOnlyThisAccountsDistributionsMayDecryptWith() {
        String site = dev.logicalId(dev.platform.getConsoleBucket());
        Map<String, Object> bucket = map(dev.resources("AWS::S3::Bucket").get(site).get("Properties"));
        Object keyArn = Map.of("Fn::GetAtt", List.of(dev.logicalId(dev.platform.getEncryptionKey()), "Arn"));
        assertThat(bucket.get("BucketEncryption")).isEqualTo(Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                "BucketKeyEnabled", true,
                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", keyArn)))));
        // object-level events, as the documents bucket sends them
        assertThat(bucket.get("NotificationConfiguration"))
                .isEqualTo(Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)));
        List<Map<String, Object>> cloudFront = list(map(map(dev.resources("AWS::KMS::Key").values().iterator().next()
                .get("Properties")).get("KeyPolicy")).get("Statement")).stream().map(SynthesizedPlatform::map)
                .filter(st -> json(st.get("Principal")).contains("cloudfront")).toList();
        assertThat(cloudFront).singleElement().satisfies(st -> {
            assertThat(st.get("Action")).isEqualTo("kms:Decrypt");
            assertThat(map(st.get("Condition")).get("StringEquals"))
                    .isEqualTo(Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")));
            assertThat(json(map(st.get("Condition")).get("ArnLike"))).contains(":cloudfront::", ":distribution/*");
        });
        // written by the construct, not left to CDK's origin helper (whose key statement comes with a warning)
        assertThat(software.amazon.awscdk.assertions.Annotations.fromStack(dev.stack)
                .findWarning("*", software.amazon.awscdk.assertions.Match.anyValue())).isEmpty();
    }

    @Test
    void theDistributionServesHttpsOnlyWithLogs() {
        Map<String, Object> config = map(only(dev, "AWS::CloudFront::Distribution").get("DistributionConfig"));
        assertThat(config.get("DefaultRootObject")).isEqualTo("index.html");
        Map<String, Object> behavior = map(config.get("DefaultCacheBehavior"));
        assertThat(behavior.get("ViewerProtocolPolicy")).isEqualTo("https-only");
        assertThat(behavior).containsKey("ResponseHeadersPolicyId");
        assertThat(map(config.get("Logging"))).containsKey("Bucket");
        assertThat(json(config.get("Origins"))).contains("OriginAccessControlId");
    }

    @Test
    void securityHeadersAllowOnlySelfTheApiTheHostedUiAndS3() {
        Map<String, Object> headers = map(map(only(dev, "AWS::CloudFront::ResponseHeadersPolicy")
                .get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig"));
        String csp = json(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"));
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains(dev.logicalId(dev.platform.getApi())).contains(".execute-api.")
                .contains(dev.logicalId(dev.platform.getConsoleUserPoolDomain()))
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(map(headers.get("FrameOptions"))).containsEntry("FrameOption", "DENY");
        assertThat(map(headers.get("StrictTransportSecurity")))
                .containsEntry("AccessControlMaxAgeSec", 63072000).containsEntry("IncludeSubdomains", true);
        assertThat(map(headers.get("ContentTypeOptions"))).containsEntry("Override", true);
        assertThat(map(headers.get("ReferrerPolicy"))).containsEntry("ReferrerPolicy", "no-referrer");
    }

    @Test
    void signInIsAPublicPkceClientOfAStrictUserPool() {
        Map<String, Object> pool = only(dev, "AWS::Cognito::UserPool");
        assertThat(pool.get("MfaConfiguration")).isEqualTo("ON");
        assertThat(map(map(pool.get("AdminCreateUserConfig")))).containsEntry("AllowAdminCreateUserOnly", true);
        assertThat(map(map(pool.get("Policies")).get("PasswordPolicy"))).containsEntry("MinimumLength", 12);
        Map<String, Object> client = only(dev, "AWS::Cognito::UserPoolClient");
        assertThat(client.get("GenerateSecret")).isEqualTo(false);
        assertThat(list(client.get("AllowedOAuthFlows"))).containsExactly("code");
        String scopes = json(client.get("AllowedOAuthScopes"));
        assertThat(scopes).contains("/read").contains("/write").contains("/admin").contains("/read-any-owner");
        String callbacks = json(client.get("CallbackURLs"));
        assertThat(callbacks).contains(dev.logicalId(dev.platform.getConsoleDistribution())).contains("DomainName")
                .contains("http://localhost:5173/");
        Map<String, Object> server = only(dev, "AWS::Cognito::UserPoolResourceServer");
        assertThat(server.get("Identifier")).isEqualTo("medextract");
        dev.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void theConsoleClientAllowsNoApiSignInOnlyRefreshingAndRevokingHostedUiTokens() {
        Map<String, Object> client = only(dev, "AWS::Cognito::UserPoolClient");
        // unset, Cognito would also accept SRP and custom auth with the public client id in config.json
        assertThat(client.get("ExplicitAuthFlows")).isEqualTo(List.of("ALLOW_REFRESH_TOKEN_AUTH"));
        assertThat(client.get("EnableTokenRevocation")).isEqualTo(true);
    }

    @Test
    void aTriggerNarrowsEachUsersScopesToTheirGroups() {
        Map<String, Object> pool = only(dev, "AWS::Cognito::UserPool");
        Map<String, Object> trigger = map(map(pool.get("LambdaConfig")).get("PreTokenGenerationConfig"));
        assertThat(trigger).containsEntry("LambdaVersion", "V2_0");
        assertThat(json(trigger.get("LambdaArn"))).contains("ConsoleSignInScopesByGroupFunction");
        assertThat(dev.resources("AWS::Cognito::UserPoolGroup").values().stream()
                .map(r -> map(r.get("Properties")).get("GroupName")))
                .containsExactlyInAnyOrder(ConsoleScopeTrigger.WRITERS, ConsoleScopeTrigger.ADMINS,
                        ConsoleScopeTrigger.ANY_OWNER_READERS);
        String permission = json(dev.resources("AWS::Lambda::Permission").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> "cognito-idp.amazonaws.com".equals(p.get("Principal")))
                .findFirst().orElseThrow());
        assertThat(permission).contains("SourceArn").contains("SourceAccount");
    }

    /** The inline trigger run by Node.js (the jsii runtime's) on the event shapes Cognito sends. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "'[]', 'medextract/write medextract/admin medextract/read-any-owner'",
            "'[\"medextract-writers\"]', 'medextract/admin medextract/read-any-owner'",
            "'[\"medextract-admins\"]', 'medextract/read-any-owner'",
            "'[\"medextract-any-owner-readers\"]', 'medextract/write medextract/admin'",
            "'[\"medextract-admins\", \"medextract-any-owner-readers\"]', ''",
            "'[\"other\"]', 'medextract/write medextract/admin medextract/read-any-owner'"})
    void theTriggerSuppressesWhatTheGroupsDoNotGrant(String groups, String suppressed) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("scope-trigger");
        Files.writeString(dir.resolve("index.js"), ConsoleScopeTrigger.CODE);
        String script = "process.env.SCOPE_PREFIX='medextract';require('./index.js').handler({request:{groupConfiguration:"
                + "{groupsToOverride:" + groups + "}},response:{}}).then(e=>console.log(e.response"
                + ".claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToSuppress.join(' ')))";
        Process node = new ProcessBuilder("node", "-e", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(node.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo(suppressed);
    }

    @Test
    void theApiAcceptsTheConsolePoolAndItsOrigin() {
        Map<String, Object> authorizer = only(dev, "AWS::ApiGateway::Authorizer");
        assertThat(json(authorizer.get("ProviderARNs"))).contains(dev.logicalId(dev.platform.getConsoleUserPool()));
        Map<String, Object> env = map(map(dev.functionProperties(PlatformFunction.UPLOAD).get("Environment")).get("Variables"));
        assertThat(json(env.get("CORS_ALLOWED_ORIGINS"))).contains(dev.logicalId(dev.platform.getConsoleDistribution()));
        String documents = dev.logicalId(dev.platform.getDocumentBucket());
        Map<String, Object> bucket = map(dev.resources("AWS::S3::Bucket").get(documents).get("Properties"));
        assertThat(json(bucket.get("CorsConfiguration"))).contains(dev.logicalId(dev.platform.getConsoleDistribution()));
    }

    @Test
    void filesAndConfigAreDeployedIntoTheConsoleBucket() throws Exception {
        Map<String, Map<String, Object>> deployments = dev.resources("Custom::CDKBucketDeployment");
        assertThat(deployments).hasSize(1);
        Map<String, Object> props = map(deployments.values().iterator().next().get("Properties"));
        assertThat(list(props.get("SourceBucketNames"))).hasSize(2);
        assertThat(json(props.get("SourceMarkers"))).contains(dev.logicalId(dev.platform.getConsoleUserPoolClient()));
        assertThat(map(props.get("DestinationBucketName"))).isEqualTo(Map.of("Ref", dev.logicalId(dev.platform.getConsoleBucket())));
        assertThat(ConsoleFiles.directory().resolve("index.html")).exists();
        assertThat(ConsoleFiles.directory().resolve(ConsoleFiles.CONFIG)).doesNotExist();
        assertThat(Files.readString(ConsoleFiles.directory().resolve("index.html"))).contains("./assets/");
    }

    @Test
    void aCustomDomainGetsTls12AndTheCallbackOnThatDomain() {
        App app = new App();
        Stack stack = new Stack(app, "Custom");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD)
                .authorization(ApiAuthorization.COGNITO)
                .webConsole(WebConsoleProps.builder()
                        .domainName("console.example.org")
                        .certificate(Certificate.fromCertificateArn(stack, "Cert",
                                "arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"))
                        .scopes(List.of("read"))
                        .build())
                .build());
        Template template = Template.fromStack(stack);
        Map<String, Object> config = map(map(template.findResources("AWS::CloudFront::Distribution").values().iterator()
                .next().get("Properties")).get("DistributionConfig"));
        assertThat(list(config.get("Aliases"))).containsExactly("console.example.org");
        assertThat(map(config.get("ViewerCertificate"))).containsEntry("MinimumProtocolVersion", "TLSv1.2_2021")
                .containsEntry("SslSupportMethod", "sni-only");
        Map<String, Object> client = map(template.findResources("AWS::Cognito::UserPoolClient").values().iterator()
                .next().get("Properties"));
        assertThat(list(client.get("CallbackURLs"))).containsExactly("https://console.example.org/");
        String scopes = json(client.get("AllowedOAuthScopes"));
        assertThat(scopes).contains("/read").doesNotContain("/write").doesNotContain("/admin");
        Map<String, Object> pool = map(template.findResources("AWS::Cognito::UserPool").values().iterator()
                .next().get("Properties"));
        assertThat(map(pool.get("UserPoolAddOns"))).containsEntry("AdvancedSecurityMode", "ENFORCED");
        assertThat(pool.get("DeletionProtection")).isEqualTo("ACTIVE");
        assertThat(platform.getConsoleUrl()).isEqualTo("https://console.example.org/");
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .webConsole(WebConsoleProps.builder().build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COGNITO");
        assertThatThrownBy(() -> WebConsoleProps.builder().domainName("console.example.org").build())
                .hasMessageContaining("certificate");
        assertThatThrownBy(() -> WebConsoleProps.builder().cognitoDomainPrefix("my-aws-login").build())
                .hasMessageContaining("cognitoDomainPrefix");
        assertThatThrownBy(() -> WebConsoleProps.builder().scopes(List.of("read", "delete")).build())
                .hasMessageContaining("scopes");
        assertThatThrownBy(() -> WebConsoleProps.builder().extraCallbackUrls(List.of("http://example.org/")).build())
                .hasMessageContaining("extraCallbackUrls");
        assertThatThrownBy(() -> WebConsoleProps.builder()
                .webAclId("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1").build())
                .hasMessageContaining("webAclId");
    }
}
