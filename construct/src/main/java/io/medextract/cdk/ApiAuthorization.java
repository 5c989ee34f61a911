package io.medextract.cdk;

/** How callers authenticate to the REST API. Every method (except CORS preflight) requires one. */
public enum ApiAuthorization {
    /** SigV4-signed requests; grant callers with {@link MedExtractPlatform#grantInvokeApi}. */
    IAM,
    /** A Cognito user pool JWT in the Authorization header; needs {@code cognitoUserPools}. */
    COGNITO
}
