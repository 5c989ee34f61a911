package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The embedded handlers jar: present, complete, and giving the same asset hash on every synth. */
class HandlerCodeTest {

    @Test
    void embeddedJarHoldsAllFourHandlerEntryPoints() throws Exception {
        Path jar = HandlerCode.jarPath();
        assertThat(jar.getParent().getFileName().toString())
                .isEqualTo("medextract-handlers-" + HandlerCode.sha256(Files.readAllBytes(jar)).substring(0, 16));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (PlatformFunction f : PlatformFunction.values()) {
                String cls = f.handler().substring(0, f.handler().indexOf("::")).replace('.', '/') + ".class";
                assertThat(zip.getEntry(cls)).as(cls).isNotNull();
            }
        }
    }

    @Test
    void assetHashIsStableAcrossSynths() {
        assertThat(codeKeys(SynthesizedPlatform.of(Stage.DEV)))
                .isEqualTo(codeKeys(SynthesizedPlatform.of(Stage.DEV)))
                .hasSize(1);
    }

    private static Set<String> codeKeys(SynthesizedPlatform s) {
        return s.resources("AWS::Lambda::Function").values().stream()
                .map(r -> SynthesizedPlatform.map(r.get("Properties")))
                .filter(p -> String.valueOf(p.get("Handler")).startsWith("io.medextract"))
                .map(p -> String.valueOf(((Map<?, ?>) p.get("Code")).get("S3Key")))
                .collect(Collectors.toSet());
    }
}
