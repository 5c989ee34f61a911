package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The embedded function packages: one per function, each holding its own handler and not what only other
 * functions use, each with its own asset whose hash depends on nothing but that package's bytes.
 */
class HandlerCodeTest {

    /** Classes that must stay in the one function that uses them (what each package leaves out). */
    private static final Map<PlatformFunction, List<String>> ONLY_IN = Map.of(
            PlatformFunction.UPLOAD, List.of("software/amazon/awssdk/services/s3/presigner/S3Presigner.class"),
            // (SqsClient is in extract and experiments: evaluation runs queue extractions too.)
            PlatformFunction.EXTRACT, List.of(
                    "software/amazon/awssdk/services/bedrockruntime/BedrockRuntimeClient.class",
                    "org/apache/pdfbox/rendering/PDFRenderer.class"),
            PlatformFunction.EXPERIMENTS, List.of("org/apache/commons/math3/distribution/NormalDistribution.class"));

    @Test
    void eachPackageHoldsItsOwnHandlerAndNothingOnlyAnotherFunctionUses() throws Exception {
        for (PlatformFunction f : PlatformFunction.values()) {
            Path jar = HandlerCode.jarPath(f);
            assertThat(jar.getFileName().toString()).isEqualTo(HandlerCode.fileName(f));
            assertThat(jar.getParent().getFileName().toString()).endsWith(
                    "-" + HandlerCode.sha256(Files.readAllBytes(jar)).substring(0, 16));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                String cls = f.handler().substring(0, f.handler().indexOf("::")).replace('.', '/') + ".class";
                assertThat(zip.getEntry(cls)).as(f + " holds " + cls).isNotNull();
                for (PlatformFunction other : PlatformFunction.values()) {
                    for (String entry : ONLY_IN.getOrDefault(other, List.of())) {
                        if (other == f) {
                            assertThat(zip.getEntry(entry)).as(f + " holds " + entry).isNotNull();
                        } else {
                            assertThat(zip.getEntry(entry)).as(f + " must not hold " + entry).isNull();
                        }
                    }
                }
            }
        }
    }

    @Test
    void packagesGoToThisUsersCacheAsFilesOtherUsersCanRead() throws Exception {
        Path jar = HandlerCode.jarPath(PlatformFunction.METRICS);

        assertThat(jar).startsWith(LocalAssetCache.root());
        assertThat(jar.toString()).doesNotStartWith(System.getProperty("java.io.tmpdir") + "/medextract-metrics");
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
                    .isEqualTo("rw-r--r--");
        }
        try (var siblings = Files.list(jar.getParent())) {
            assertThat(siblings).noneMatch(f -> f.getFileName().toString().startsWith("partial-"));
        }
    }

    @Test
    void theSynthTimePromptCheckRunsFromTheExtractPackage() throws Exception {
        try (ZipFile zip = new ZipFile(HandlerCode.jarPath().toFile())) {
            assertThat(zip.getEntry(PromptTemplateCheck.ENTRY_POINT.replace('.', '/') + ".class")).isNotNull();
        }
    }

    @Test
    void everyFunctionHasItsOwnAssetStableAcrossSynths() {
        Map<PlatformFunction, String> first = codeKeys(SynthesizedPlatform.of(DeploymentStage.DEV));
        assertThat(first).hasSize(PlatformFunction.values().length);
        assertThat(first.values()).doesNotHaveDuplicates();
        assertThat(codeKeys(SynthesizedPlatform.of(DeploymentStage.DEV))).isEqualTo(first);
    }

    @Test
    void anAssetHashDependsOnlyOnItsPackagesBytes(@TempDir Path work) throws Exception {
        Path upload = HandlerCode.jarPath(PlatformFunction.UPLOAD);
        Path sameBytesElsewhere = Files.createDirectories(work.resolve("elsewhere")).resolve(upload.getFileName());
        Files.copy(upload, sameBytesElsewhere);
        Path oneByteChanged = Files.createDirectories(work.resolve("changed")).resolve(upload.getFileName());
        byte[] bytes = Files.readAllBytes(upload);
        bytes[bytes.length / 2] ^= 1;
        Files.write(oneByteChanged, bytes);

        assertThat(assetKey(sameBytesElsewhere)).isEqualTo(assetKey(upload));
        assertThat(assetKey(oneByteChanged)).isNotEqualTo(assetKey(upload));
    }

    private static String assetKey(Path jar) {
        Stack stack = new Stack(new App(), "AssetStack");
        return Code.fromAsset(jar.toString()).bind(stack).getS3Location().getObjectKey();
    }

    private static Map<PlatformFunction, String> codeKeys(SynthesizedPlatform s) {
        Map<PlatformFunction, String> keys = new EnumMap<>(PlatformFunction.class);
        for (PlatformFunction f : PlatformFunction.values()) {
            keys.put(f, String.valueOf(SynthesizedPlatform.map(s.functionProperties(f).get("Code")).get("S3Key")));
        }
        return keys;
    }
}
