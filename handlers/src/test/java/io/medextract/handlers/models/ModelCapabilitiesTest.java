package io.medextract.handlers.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCapabilitiesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "global.anthropic.claude-opus-4-5-20251101-v1:0",
            "jp.anthropic.claude-opus-4-6-v1",
            "au.anthropic.claude-sonnet-4-6",
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6"})
    void documentedModelsGetStructuredOutputWhateverTheProfileOrArn(String modelId) {
        assertThat(ModelCapabilities.documented().supportsStructuredOutput(modelId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "anthropic.claude-3-haiku-20240307-v1:0",
            "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0-preview",
            "amazon.nova-lite-v1:0"})
    void otherModelsUseForcedToolUse(String modelId) {
        assertThat(ModelCapabilities.documented().supportsStructuredOutput(modelId)).isFalse();
    }

    @Test
    void theOverrideReplacesTheTable() {
        ModelCapabilities custom = ModelCapabilities.withOverride(
                " anthropic.claude-3-haiku-20240307-v1:0 , us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(custom.supportsStructuredOutput("eu.anthropic.claude-3-haiku-20240307-v1:0")).isTrue();
        assertThat(custom.supportsStructuredOutput("anthropic.claude-sonnet-4-20250514-v1:0")).isTrue();
        assertThat(custom.supportsStructuredOutput("us.anthropic.claude-haiku-4-5-20251001-v1:0")).isFalse();
        assertThat(ModelCapabilities.withOverride("").supportsStructuredOutput(
                "us.anthropic.claude-haiku-4-5-20251001-v1:0")).isFalse();
        assertThat(ModelCapabilities.withOverride(null).supportsStructuredOutput(
                "us.anthropic.claude-haiku-4-5-20251001-v1:0")).isTrue();
    }
}
