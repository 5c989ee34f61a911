package io.medextract.handlers.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformDimensionTest {

    @Test
    void aNamedPlatformIsAddedToEveryDimensionSet() {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<List<String>> dimensions = EmbeddedMetrics.withPlatform(doc,
                List.of(List.of("Stage"), List.of("Stage", "ErrorCategory")), "claims-intake");
        assertThat(dimensions).containsExactly(List.of("Stage", "Platform"), List.of("Stage", "ErrorCategory", "Platform"));
        assertThat(doc).containsEntry("Platform", "claims-intake");
    }

    @Test
    void withoutANameTheDimensionsStayAsTheyWere() {
        Map<String, Object> doc = new LinkedHashMap<>();
        assertThat(EmbeddedMetrics.withPlatform(doc, List.of(List.of("Stage")), null)).containsExactly(List.of("Stage"));
        assertThat(doc).isEmpty();
    }
}
