package io.medextract.handlers.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The handlers' package graph, checked on the compiled classes. A cycle makes every package in it change together;
 * a function package that imports another drags that function's code (and its dependencies) into its own package
 * and blurs who owns what. Shared pieces belong in the neutral packages below the four functions.
 */
class PackageStructureTest {

    private static final String ROOT = "io.medextract.handlers";
    /** One package per Lambda function: its handler, composition root and what only it uses. */
    private static final List<String> FUNCTIONS = List.of("upload", "extract", "metrics", "experiments");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noFunctionPackageImportsAnother() {
        for (String function : FUNCTIONS) {
            String[] others = FUNCTIONS.stream().filter(f -> !f.equals(function))
                    .map(f -> ROOT + "." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + function + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("shared code lives in a neutral package, not in another function's")
                    .check(MAIN);
        }
    }

    @Test
    void onlyFunctionPackagesUseTheWiring() {
        String[] functionsAndConfig = Stream.concat(FUNCTIONS.stream(), Stream.of("config"))
                .map(f -> ROOT + "." + f + "..").toArray(String[]::new);
        noClasses().that().resideOutsideOfPackages(functionsAndConfig)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".config..")
                .because("config composes the services: everything below it is composed, never composes")
                .check(MAIN);
    }

    @Test
    void onlyTheWiringReadsTheProcessEnvironment() {
        // Composition roots read what Services was built from, so a test or local run that wires a function from a
        // given environment gets exactly that environment, and FunctionEnvironmentContractTest sees every read.
        noClasses().that().resideOutsideOfPackages(ROOT + ".config..", ROOT + ".aws..")
                .and().doNotHaveFullyQualifiedName(ROOT + ".quality.EmbeddedMetrics")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(MAIN);
    }

    @Test
    void theRulesSeeTheCode() {
        // Guards the three rules above against passing on an empty import (a moved root package, a changed path).
        assertThat(MAIN.stream().map(c -> c.getPackageName()).distinct())
                .contains(ROOT + ".upload", ROOT + ".extract", ROOT + ".metrics", ROOT + ".experiments", ROOT + ".config");
    }
}
