package io.medextract.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.cdk.BedrockPrice;
import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.MedExtractPlatform;
import io.medextract.cdk.MedExtractPlatformProps;
import io.medextract.cdk.PlatformFunction;
import io.medextract.contract.EnvironmentVariables;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.handlers.config.HandlerEnvironment;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.experiments.ExperimentsHandler;
import io.medextract.handlers.extract.ExtractHandler;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.handlers.upload.UploadHandler;
import io.medextract.tests.local.TemplateEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Every variable a function's composition root reads is one the construct sets on that function: each function is
 * composed, as in Lambda, from the environment of the synthesized platform, and the names it reads are recorded. A
 * function reading a variable its deployment lacks would silently run on a default in AWS.
 */
class FunctionEnvironmentContractTest {

    private static final Map<PlatformFunction, Function<Services, ?>> COMPOSITION_ROOTS = Map.of(
            PlatformFunction.UPLOAD, UploadHandler::composedFrom,
            PlatformFunction.EXTRACT, ExtractHandler::composedFrom,
            PlatformFunction.METRICS, MetricsHandler::composedFrom,
            PlatformFunction.EXPERIMENTS, ExperimentsHandler::composedFrom);

    /**
     * A platform with every optional prop that sets a variable, so a variable a function reads only when it is
     * configured is there to be read.
     */
    private static final Map<PlatformFunction, Map<String, Object>> FULLY_CONFIGURED = TemplateEnvironment.synthesized(
            fullyConfigured());

    @ParameterizedTest
    @EnumSource(PlatformFunction.class)
    void aFunctionReadsOnlyVariablesTheConstructSetsOnIt(PlatformFunction kind) {
        Map<String, String> deployed = TemplateEnvironment.localized(FULLY_CONFIGURED.get(kind), kind,
                placeholdersForResources());
        RecordingEnvironment environment = new RecordingEnvironment(deployed);

        COMPOSITION_ROOTS.get(kind).apply(servicesFrom(environment));

        assertThat(environment.read).as("variables the %s function read", kind).isNotEmpty();
        assertThat(environment.read).as("variables the %s function read but is not given", kind)
                .isSubsetOf(deployed.keySet());
    }

    @ParameterizedTest
    @EnumSource(PlatformFunction.class)
    void theConstructSetsOnlyContractVariables(PlatformFunction kind) {
        assertThat(FULLY_CONFIGURED.get(kind).keySet()).isSubsetOf(contractNames());
    }

    private static Template fullyConfigured() {
        App app = new App();
        Stack stack = new Stack(app, "Contract");
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.DEV)
                .bedrockPrices(Map.of("anthropic.claude-haiku-4-5-20251001-v1:0", new BedrockPrice(1.0, 5.0)))
                .retention(Duration.days(3650))
                .promptLabelVersions(Map.of("production", "clinical-summary@1"))
                .structuredOutputModels(List.of("anthropic.claude-haiku-4-5-20251001-v1:0"))
                .promotionGateEvaluationSet("gate@1")
                .evaluationModelIds(List.of("us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
                .build());
        return Template.fromStack(stack);
    }

    private static Set<String> contractNames() {
        return ContractNamesAreNotSpelledTest.constants(EnvironmentVariables.class);
    }

    /** Any resource reference the template makes gets a placeholder name: composing reaches no AWS service. */
    private static Map<String, String> placeholdersForResources() {
        Map<String, String> names = new HashMap<>();
        for (String name : contractNames()) {
            names.put(name, name.endsWith("_ARN") ? "arn:aws:sqs:us-east-1:123456789012:contract-test"
                    : name.endsWith("_URL") ? "https://sqs.us-east-1.amazonaws.com/123456789012/contract-test"
                    : "contract-test");
        }
        return names;
    }

    private static Services servicesFrom(Map<String, String> environment) {
        SdkClients sdk = new SdkClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of("dynamodb", URI.create("http://127.0.0.1:9")));
        return new Services(HandlerEnvironment.from(environment), sdk, Clock.systemUTC(),
                Path.of("no-user-prompt-templates"));
    }

    /** A read-only environment that notes every name looked up in it. */
    private static final class RecordingEnvironment extends AbstractMap<String, String> {
        private final Map<String, String> values;
        private final Set<String> read = java.util.Collections.synchronizedSet(new TreeSet<>());

        RecordingEnvironment(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return values.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(String.valueOf(key));
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return values.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            // Iterating reads everything; no handler should need to.
            throw new UnsupportedOperationException("a function enumerated its environment: read it by name");
        }
    }
}
