package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * aws-cdk-lib validates every synthesized template against its default CloudFormation rules. The build sets
 * {@code @aws-cdk/core:validateAgainstDefaultRules} for every test (parent pom, {@code CDK_CONTEXT_JSON}), so a
 * finding fails the synth instead of printing a warning; the example app sets it in cdk.json and in code.
 */
class TemplateValidationTest {

    private static final Pattern REPORT = Pattern.compile("found in: (\\S+validation-report\\.json)");

    @Test
    void aFindingFailsTheSynthInTests() throws IOException {
        App app = new App();
        assertThat(app.getNode().tryGetContext("@aws-cdk/core:validateAgainstDefaultRules"))
                .as("set by the build for every test").isEqualTo(true);
        Stack stack = new Stack(app, "Invalid");
        // EC2 refuses an apostrophe in a security group description, as the platform's endpoint group once had.
        SecurityGroup.Builder.create(stack, "Group").vpc(new Vpc(stack, "Vpc"))
                .description("the platform's functions").build();

        assertThatThrownBy(() -> Template.fromStack(stack))
                .hasMessageContaining("Validation failed")
                .satisfies(e -> {
                    Matcher report = REPORT.matcher(e.getMessage());
                    assertThat(report.find()).as(e.getMessage()).isTrue();
                    assertThat(Files.readString(Path.of(report.group(1)), StandardCharsets.UTF_8))
                            .contains("GroupDescription").contains("the platform's functions");
                });
    }

    @Test
    void theExampleAppTurnsFindingsIntoErrorsForTheCdkCli() throws IOException {
        Path cdkJson = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/cdk.json");
        assertThat(Files.readString(cdkJson, StandardCharsets.UTF_8))
                .containsPattern("\"@aws-cdk/core:validateAgainstDefaultRules\"\\s*:\\s*true");
    }
}
