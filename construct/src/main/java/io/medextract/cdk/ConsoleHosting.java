package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProps;
import software.amazon.awscdk.services.cloudfront.S3OriginAccessControl;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.CfnResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * Where the console lives: a private bucket (no public access, TLS only, versioned, access-logged, encrypted with
 * the platform key, object-level events to EventBridge) read only by the CloudFront distribution through origin
 * access control; HTTPS only (TLS 1.2 with a custom domain), a
 * response headers policy with a content security policy (the console's own origin, the API, the hosted UI and
 * S3 for presigned uploads), HSTS, frame denial and nosniff; CloudFront and S3 access logs in a log bucket.
 * The files and the deployment's {@code config.json} are copied in by a bucket deployment at deploy time.
 */
final class ConsoleHosting extends Construct {

    /** Two years, the HSTS preload list's minimum is one: https://hstspreload.org/ */
    static final Duration HSTS_MAX_AGE = Duration.days(730);

    private final Bucket bucket;
    private final Bucket logBucket;
    private final Distribution distribution;
    private final String origin;
    private String contentSecurityPolicy;
    private final ResponseHeadersPolicy headers;
    private BucketDeployment deployment;

    ConsoleHosting(Construct scope, String id, EffectiveSettings settings, Encryption encryption, WebConsoleProps props) {
        super(scope, id);
        this.logBucket = Bucket.Builder.create(this, "Logs")
                // CloudFront standard logging writes with ACLs (object writer); SSE-S3, since CloudFront's log
                // delivery cannot use a customer managed KMS key.
                .objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .expiration(Duration.days(settings.values().accessLogExpirationDays()))
                        .noncurrentVersionExpiration(Duration.days(1))
                        .build()))
                .removalPolicy(settings.values().removalPolicy())
                .autoDeleteObjects(settings.values().autoDeleteObjects())
                .build();
        this.bucket = Bucket.Builder.create(this, "Site")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(encryption.key())
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder().noncurrentVersionExpiration(Duration.days(30)).build()))
                .serverAccessLogsBucket(logBucket)
                .serverAccessLogsPrefix("s3/")
                .removalPolicy(settings.values().removalPolicy())
                .autoDeleteObjects(settings.values().autoDeleteObjects())
                .build();
        // Object-level events to EventBridge, as the documents bucket sends them: a change to the console's files
        // outside a deployment can be watched for. Set on the L1 resource, so no notification custom resource is made.
        ((CfnBucket) bucket.getNode().getDefaultChild()).setNotificationConfiguration(
                CfnBucket.NotificationConfigurationProperty.builder()
                        .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder()
                                .eventBridgeEnabled(true).build())
                        .build());
        S3OriginAccessControl originAccess = S3OriginAccessControl.Builder.create(this, "OriginAccess")
                .description("MedExtract console " + settings.platformName() + ": signed reads of the console bucket")
                .build();

        this.headers = ResponseHeadersPolicy.Builder.create(this, "Headers")
                .comment("MedExtract console " + settings.platformName() + ": CSP, HSTS, frame deny, nosniff")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        // Replaced in connect(), once the API and the hosted UI exist: a property override rather
                        // than a Lazy, whose Java producer older aws-cdk-lib (2.240) cannot resolve through jsii.
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy("default-src 'none'")
                                .override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(HSTS_MAX_AGE).includeSubdomains(true).override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        // The sign-in callback carries the authorization code in its query: never send it on.
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                        .build())
                .build();

        Distribution.Builder builder = Distribution.Builder.create(this, "Distribution")
                .comment("MedExtract console " + settings.platformName())
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        // The origin access control's grants are written below: CDK's own would name every
                        // distribution of the account in the key policy without the source-account condition.
                        .origin(S3BucketOrigin.withBucketDefaults(bucket, OriginProps.builder()
                                .originAccessControlId(originAccess.getOriginAccessControlId()).build()))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .enableLogging(true)
                .logBucket(logBucket)
                .logFilePrefix("cloudfront/");
        if (props.getDomainName() != null) {
            builder.domainNames(List.of(props.getDomainName())).certificate(props.getCertificate());
        }
        if (props.getWebAclId() != null) {
            builder.webAclId(props.getWebAclId());
        }
        this.distribution = builder.build();
        grantReads(encryption);
        this.origin = "https://" + (props.getDomainName() != null ? props.getDomainName()
                : distribution.getDistributionDomainName());
    }

    /**
     * The distribution reads the console's objects through its origin access control, and decrypts them with the
     * platform key. The bucket policy names this distribution; the key policy cannot (the key would depend on the
     * distribution, which depends on the bucket, which depends on the key), so it admits CloudFront distributions of
     * this account only, and reading needs the bucket policy as well. No other bucket of the platform lets CloudFront
     * read. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
     * ("SSE-KMS"). An existing key's policy needs the same statement (API.md, {@code existingEncryptionKey}).
     */
    private void grantReads(Encryption encryption) {
        String distributions = "arn:" + Aws.PARTITION + ":cloudfront::" + Aws.ACCOUNT_ID + ":distribution/";
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(Map.of("StringEquals", Map.of("AWS:SourceArn",
                        distributions + distribution.getDistributionId())))
                .build());
        encryption.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudFrontToReadTheConsole")
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike", Map.of("AWS:SourceArn", distributions + "*")))
                .build(), true);
    }

    /**
     * Fixes the content security policy to the API and hosted UI origins and deploys the files with the
     * deployment's {@code config.json}.
     */
    void connect(RestApi api, ConsoleSignIn signIn, EffectiveSettings settings, ISecurityGroup functionsGroup) {
        // Built from the API's id, not its URL: the URL names the stage, whose deployment depends on the CORS
        // methods, which depend on this distribution's name (a cycle).
        String apiOrigin = "https://" + api.getRestApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;
        String hostedUi = signIn.hostedUiUrl();
        // Presigned uploads go to the documents bucket's virtual-hosted name; the bucket's own name cannot be used
        // here (its CORS rule names this distribution: a cycle), so any bucket of the region's S3 endpoint.
        String s3 = "https://*.s3." + Aws.REGION + "." + Aws.URL_SUFFIX + " https://*.s3." + Aws.URL_SUFFIX;
        this.contentSecurityPolicy = String.join("; ", List.of(
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' blob: data:",
                "frame-src blob:",
                "connect-src 'self' " + apiOrigin + " " + hostedUi + " " + s3,
                "form-action 'self' " + hostedUi,
                "base-uri 'none'",
                "object-src 'none'",
                "frame-ancestors 'none'",
                "upgrade-insecure-requests"));
        ((CfnResponseHeadersPolicy) headers.getNode().getDefaultChild()).addPropertyOverride(
                "ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy",
                contentSecurityPolicy);
        Map<String, Object> config = Map.of(
                "apiBaseUrl", api.urlForPath("/"),
                "auth", Map.of(
                        "mode", "cognito",
                        "domain", hostedUi,
                        "clientId", signIn.client().getUserPoolClientId(),
                        "scopes", signIn.scopes(),
                        "scopePrefix", settings.props().getCognitoScopePrefix()));
        BucketDeployment.Builder files = BucketDeployment.Builder.create(this, "Files")
                .sources(List.of(Source.asset(ConsoleFiles.directory().toString()),
                        Source.jsonData(ConsoleFiles.CONFIG, config)))
                .destinationBucket(bucket)
                .prune(true)
                // index.html and config.json change with each deploy; CloudFront revalidates them (ETag) every time.
                .cacheControl(List.of(CacheControl.noCache()))
                .retainOnDelete(false);
        if (settings.props().getVpc() != null) {
            // Like the platform's functions: it reaches S3 and KMS through the VPC's endpoints only.
            files.vpc(settings.props().getVpc()).securityGroups(List.of(functionsGroup));
            if (settings.props().getVpcSubnets() != null) {
                files.vpcSubnets(settings.props().getVpcSubnets());
            }
        }
        this.deployment = files.build();
    }

    Bucket bucket() { return bucket; }
    Bucket logBucket() { return logBucket; }
    Distribution distribution() { return distribution; }
    BucketDeployment deployment() { return deployment; }
    /** {@code https://<custom domain or distribution domain>}, no trailing slash. */
    String origin() { return origin; }
    String contentSecurityPolicy() { return contentSecurityPolicy; }
}
