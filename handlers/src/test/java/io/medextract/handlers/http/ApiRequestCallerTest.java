package io.medextract.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import io.medextract.handlers.json.Json;

/** The caller identity idempotency keys and audit records are scoped by, for IAM and Cognito callers. */
class ApiRequestCallerTest {

    @Test
    void iamCallersAreTheirPrincipalArn() {
        assertThat(ApiRequest.callerOf(Json.readTree(new java.io.ByteArrayInputStream(
                "{\"identity\":{\"userArn\":\"arn:aws:iam::1:role/app\"}}".getBytes()))))
                .isEqualTo("arn:aws:iam::1:role/app");
    }

    @Test
    void cognitoUserPoolCallersAreTheirTokensSubjectNotOneSharedAnonymousCaller() {
        String alice = ApiRequest.callerOf(Json.readTree(new java.io.ByteArrayInputStream(
                "{\"identity\":{\"userArn\":null},\"authorizer\":{\"claims\":{\"sub\":\"a-1\"}}}".getBytes())));
        String bob = ApiRequest.callerOf(Json.readTree(new java.io.ByteArrayInputStream(
                "{\"identity\":{\"userArn\":null},\"authorizer\":{\"claims\":{\"sub\":\"b-2\"}}}".getBytes())));

        assertThat(alice).isEqualTo("cognito:a-1");
        assertThat(bob).isEqualTo("cognito:b-2");
    }
}
