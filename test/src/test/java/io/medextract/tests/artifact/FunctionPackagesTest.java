package io.medextract.tests.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Holds each function package to its size budget (this test runs in every build, so a package that grows past
 * its budget fails the build) and prints each package's size and three largest dependencies.
 */
class FunctionPackagesTest {

    /** The budget every function package is held to. */
    static final long BUDGET_BYTES = 12_000_000;

    /**
     * Packages that cannot meet {@link #BUDGET_BYTES} yet, each with the ceiling it is held to instead and why.
     * Upload and extract hold the SDK's S3 module, whose client names every S3 operation, so about 1 800 model classes
     * (2.9 MB compressed, 0.5 MB more of zip directory) ship however few operations the function calls;
     * extract adds PDF rendering (PDFBox, FontBox and their CMaps, 3.6 MB) and the Bedrock, SQS and DynamoDB
     * clients. Experiments holds it too since evaluation sets (their documents are stored like uploads), with the
     * SQS client (evaluation runs queue extractions) and the JSON-schema validator (expected documents).
     * A package that drops under the budget must leave this table (see the test below).
     */
    static final Map<String, Long> CEILINGS = Map.of(
            "upload", 14_000_000L,
            "extract", 21_000_000L,
            "experiments", 17_000_000L);

    @Test
    void everyPackageKeepsToItsBudget() {
        System.out.print(FunctionPackages.table());
        for (String f : FunctionPackages.FUNCTIONS) {
            long size = FunctionPackages.contents(f).bytes();
            long limit = CEILINGS.getOrDefault(f, BUDGET_BYTES);
            assertThat(size).as("%s package size (bytes) against its limit %d", f, limit).isLessThanOrEqualTo(limit);
            if (CEILINGS.containsKey(f)) {
                assertThat(size).as("%s now fits the %d byte budget: remove its ceiling", f, BUDGET_BYTES)
                        .isGreaterThan(BUDGET_BYTES);
            }
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
}
