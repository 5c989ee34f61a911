package io.medextract.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.contract.EnvironmentVariables;
import io.medextract.contract.PlatformMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The construct and the handlers name environment variables and custom metrics only through the contract module:
 * a name spelled as a string literal in either could drift from the other side unnoticed.
 */
class ContractNamesAreNotSpelledTest {

    private static final List<Path> SOURCES = List.of(Path.of("../handlers/src/main/java"),
            Path.of("../construct/src/main/java"));

    @Test
    void noSourceSpellsAVariableOrMetricName() {
        Set<String> names = new TreeSet<>(constants(EnvironmentVariables.class));
        // Metric names only: dimension names ("Stage", "Platform") are ordinary words elsewhere.
        names.addAll(constants(PlatformMetrics.class).stream()
                .filter(n -> Character.isUpperCase(n.charAt(0)) && n.chars().anyMatch(Character::isLowerCase))
                .filter(n -> !Set.of(PlatformMetrics.PLATFORM, PlatformMetrics.STAGE, PlatformMetrics.PROMPT_VERSION,
                        PlatformMetrics.MODEL_ID, PlatformMetrics.ERROR_CATEGORY, PlatformMetrics.EVALUATION_SET,
                        PlatformMetrics.TRAFFIC).contains(n))
                .toList());
        List<String> found = new ArrayList<>();
        for (Path root : SOURCES) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    String code = read(f);
                    for (String name : names) {
                        if (code.contains("\"" + name + "\"")) {
                            found.add(root.relativize(f) + ": \"" + name + "\"");
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(names).contains("DYNAMODB_TABLE", "CostUsd");
        assertThat(found).as("use the contract's constant instead").isEmpty();
    }

    static Set<String> constants(Class<?> type) {
        Set<String> values = new TreeSet<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
