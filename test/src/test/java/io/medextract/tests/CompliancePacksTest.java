package io.medextract.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.examples.ExampleApp;
import io.medextract.examples.MedExtractStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * cdk-nag's AWS Solutions, HIPAA Security and NIST 800-53 rev 5 packs on the example dev stack, the example
 * prod stack and a stack with every optional feature on: no unsuppressed error or warning in any pack, and
 * each pack's CSV report is written on synth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompliancePacksTest {

    static final List<String> PACKS = List.of("AwsSolutions", "HIPAA.Security", "NIST.800.53.R5");

    private App app;
    private CloudAssembly assembly;
    private Path outdir;

    @BeforeAll
    void synthesize() throws IOException {
        outdir = Files.createTempDirectory("medextract-nag");
        app = new App(AppProps.builder().outdir(outdir.toString()).build());
        ExampleApp.build(app);
        AllFeaturesStack.add(app, "MedExtractAllFeatures");
        assembly = app.synth();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MedExtractDev", "MedExtractProd", "MedExtractAllFeatures"})
    void noUnsuppressedFindingInAnyPack(String stackName) {
        Stack stack = (Stack) app.getNode().findChild(stackName);
        List<String> findings = new ArrayList<>();
        Annotations annotations = Annotations.fromStack(stack);
        Stream.concat(annotations.findError("*", Match.anyValue()).stream(),
                        annotations.findWarning("*", Match.anyValue()).stream())
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .forEach(findings::add);
        assertThat(findings).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MedExtractDev", "MedExtractProd", "MedExtractAllFeatures"})
    void everyPackWritesItsReport(String stackName) throws IOException {
        for (String pack : List.of("AwsSolutions", "HIPAA.Security", "NIST.800.53.R5")) {
            Path report = outdir.resolve(pack + "-" + stackName + "-NagReport.csv");
            assertThat(report).exists();
            try (Stream<String> lines = Files.lines(report)) {
                List<String> noncompliant = lines.filter(l -> l.contains("\"Non-Compliant\"")).toList();
                assertThat(noncompliant).as(pack + " report of " + stackName).isEmpty();
            }
        }
    }

    @Test
    void theAssemblyHoldsAllThreeStacks() {
        assertThat(assembly.getStacks()).extracting(s -> s.getStackName())
                .contains("MedExtractDev", "MedExtractProd", "MedExtractAllFeatures");
        assertThat(MedExtractStack.class).isNotNull();
    }
}
