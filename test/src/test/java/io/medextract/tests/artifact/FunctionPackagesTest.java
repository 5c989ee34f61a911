package io.medextract.tests.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Holds each function package to its size budget (this test runs in every build, so a package that grows past
 * the budget fails the build) and prints each package's size and three largest dependencies.
 */
class FunctionPackagesTest {

    /**
     * The budget every function package is held to. 12.1 MB since owner scoping, per-owner spend limits (their
     * DynamoDB transaction model classes) and the hostile-document bounds took extract from 11.95 to 12.04 MB; the
     * next saving to look at is PDFBox's predefined CJK CMaps, 1.2 MB of extract (compressed).
     */
    static final long BUDGET_BYTES = 12_100_000;

    /**
     * Resources the SDK jars carry that the handlers module's shade filters leave out of every package, each with
     * the name a class would have to use to read it. Reading is only ever by name, so no shipped class naming it
     * proves nothing reads it.
     */
    static final List<String> DROPPED_RESOURCES = List.of(
            "mime.types",
            "VersionInfo.java",
            "endpoints.json",
            "sdk-default-configuration.json",
            "VirtualAddressingSepTestCases.json");

    @Test
    void everyPackageKeepsToTheBudget() {
        System.out.print(FunctionPackages.table());
        for (String f : FunctionPackages.FUNCTIONS) {
            long size = FunctionPackages.contents(f).bytes();
            assertThat(size).as("%s package size (bytes) against the budget", f).isLessThanOrEqualTo(BUDGET_BYTES);
        }
    }

    @Test
    void sharesAddUpToThePackage() {
        for (String f : FunctionPackages.FUNCTIONS) {
            FunctionPackages.Contents c = FunctionPackages.contents(f);
            long credited = c.shares().stream().mapToLong(FunctionPackages.Share::bytes).sum();
            assertThat(credited).isPositive().isLessThan(c.bytes());
            assertThat(c.shares()).extracting(FunctionPackages.Share::dependency).contains("medextract-handlers");
        }
    }

    @Test
    void noShippedClassNamesADroppedResource() throws IOException {
        for (String f : FunctionPackages.FUNCTIONS) {
            try (ZipFile zip = new ZipFile(FunctionPackages.jar(f).toFile())) {
                List<String> readers = new ArrayList<>();
                for (ZipEntry e : Collections.list(zip.entries())) {
                    assertThat(DROPPED_RESOURCES).as("%s ships %s", f, e.getName())
                            .noneMatch(r -> e.getName().endsWith(r));
                    if (e.getName().endsWith(".class")) {
                        String constants = constantPoolText(zip, e);
                        DROPPED_RESOURCES.stream().filter(constants::contains).forEach(r -> readers.add(e.getName() + " -> " + r));
                    }
                }
                assertThat(readers).as("%s classes that name a resource the build drops", f).isEmpty();
            }
        }
    }

    @Test
    void theSchemaValidatorSpeaksOnlyEnglish() throws IOException {
        int withValidator = 0;
        for (String f : FunctionPackages.FUNCTIONS) {
            try (ZipFile zip = new ZipFile(FunctionPackages.jar(f).toFile())) {
                List<String> bundles = Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith("jsv-messages")).toList();
                if (!bundles.isEmpty()) {
                    withValidator++;
                    assertThat(bundles).as("%s validator message bundles", f).containsExactly("jsv-messages.properties");
                }
            }
        }
        assertThat(withValidator).as("packages that ship the schema validator").isPositive();
    }

    /**
     * The shrinking rules (handlers/proguard/shrink.pro) keep no interceptor by name, because the SDK creates its
     * interceptors in code. A service jar that lists interceptors in an execution.interceptors file, which the SDK
     * loads by name, would need a keep rule.
     */
    @Test
    void noPackageListsInterceptorsToLoadByName() throws IOException {
        for (String f : FunctionPackages.FUNCTIONS) {
            try (ZipFile zip = new ZipFile(FunctionPackages.jar(f).toFile())) {
                assertThat(Collections.list(zip.entries())).as(f).extracting(ZipEntry::getName)
                        .noneMatch(name -> name.endsWith("execution.interceptors"));
            }
        }
    }

    @Test
    void theDroppedResourceCheckFindsAReader() throws IOException {
        // The check above must be able to fail: the SDK class that reads mime.types names it in its constants.
        try (ZipFile sdkCore = new ZipFile(jarOnClassPath("sdk-core-"))) {
            ZipEntry mimetype = sdkCore.getEntry("software/amazon/awssdk/core/internal/util/Mimetype.class");
            assertThat(constantPoolText(sdkCore, mimetype)).contains("mime.types");
        }
    }

    /** The class file's bytes read as Latin-1: its string constants appear verbatim (modified UTF-8 is ASCII here). */
    private static String constantPoolText(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String jarOnClassPath(String prefix) {
        for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Path.of(element).getFileName().toString().startsWith(prefix)) {
                return element;
            }
        }
        throw new IllegalStateException(prefix + " is not on the test class path");
    }
}
