package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md is the construct's reference: everything a user can call or set must be in it, and the handler
 * environment it lists must be exactly what the construct sets. Adding a prop, getter, enum value or
 * environment variable without documenting it fails here.
 */
class ApiDocumentationTest {

    private static String apiMd;

    @BeforeAll
    static void readApiMd() throws IOException {
        apiMd = Files.readString(repositoryRoot().resolve("API.md"));
    }

    @Test
    void everyBuilderMethodOfThePropsIsAPropInTheTable() {
        String props = section("## `MedExtractPlatformProps`");
        assertThat(missing(publicMethodNames(MedExtractPlatformProps.Builder.class), props, "`%s`"))
                .as("props missing from API.md's props table").isEmpty();
    }

    @Test
    void everyFunctionSettingsBuilderMethodIsListed() {
        String props = section("## `MedExtractPlatformProps`");
        assertThat(missing(publicMethodNames(FunctionSettings.Builder.class), props, "`%s`"))
                .as("FunctionSettings.Builder methods missing from API.md").isEmpty();
    }

    @Test
    void everyPublicMethodOfThePlatformIsInTheMemberTable() {
        String members = section("## `MedExtractPlatform`");
        assertThat(missing(publicMethodNames(MedExtractPlatform.class), members, "`%s("))
                .as("MedExtractPlatform methods missing from API.md's member table").isEmpty();
    }

    @Test
    void everyPublicTypeEnumValueAndConstantOfThePackageIsNamed() throws Exception {
        List<Class<?>> types = publicTypesOfThePackage();
        assertThat(types).contains(MedExtractPlatform.class, StageDefaults.class, PlatformFunction.class);
        List<String> undocumented = new ArrayList<>();
        for (Class<?> type : types) {
            if (!apiMd.contains("`" + type.getSimpleName())) {
                undocumented.add("type " + type.getSimpleName());
            }
            if (type.isEnum()) {
                for (Object value : type.getEnumConstants()) {
                    if (!apiMd.contains("`" + ((Enum<?>) value).name() + "`")) {
                        undocumented.add("value " + type.getSimpleName() + "." + value);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                int m = field.getModifiers();
                if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && !field.isEnumConstant()
                        && !(apiMd.contains("`" + field.getName() + "`") && apiMd.contains("`" + field.get(null) + "`"))) {
                    undocumented.add("constant " + type.getSimpleName() + "." + field.getName() + " (name and value)");
                }
            }
        }
        assertThat(undocumented).as("public API missing from API.md").isEmpty();
    }

    @Test
    void stageDefaultsMethodsAreDocumented() {
        String section = section("## `StageDefaults`");
        Set<String> methods = publicMethodNames(StageDefaults.class);
        methods.removeIf(name -> isRecordPlumbing(StageDefaults.class, name));
        assertThat(missing(methods, section, "`%s("))
                .as("StageDefaults methods missing from API.md's StageDefaults section").isEmpty();
    }

    @Test
    void everyPlatformFunctionRowGivesItsHandlerAndProp() {
        String section = section("## `PlatformFunction`");
        for (PlatformFunction function : PlatformFunction.values()) {
            String row = section.lines().filter(line -> line.startsWith("| `" + function.name() + "`"))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for " + function + " in API.md"));
            assertThat(row).contains("`" + function.constructId() + "`", "`" + function.handler() + "`",
                    "`" + function.propName() + "`");
        }
    }

    /**
     * Variable -> the functions that get it, from a template with every optional variable switched on: a new
     * variable that only some prop sets needs that prop set here too.
     */
    @Test
    void handlerEnvironmentTableListsExactlyWhatTheConstructSets() throws IOException {
        Path templates = Files.createTempDirectory("templates");
        Files.writeString(templates.resolve("referral-letter@1.json"), PropsValidationTest.validTemplate("referral-letter", 1));
        SynthesizedPlatform synthesized = SynthesizedPlatform.of(MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD)
                .corsAllowedOrigins(List.of("https://app.example.org"))
                .bedrockPrices(Map.of("anthropic.claude-sonnet-4-5-20250929-v1:0", new BedrockPrice(3, 15)))
                .promptTemplatesDirectory(templates.toString())
                .promptLabelVersions(Map.of("nightly", "clinical-summary@2"))
                .structuredOutputModels(List.of("anthropic.claude-sonnet-4-5-20250929-v1:0"))
                .promotionGateEvaluationSet("discharge-summaries@3")
                .evaluationModelIds(List.of("anthropic.claude-sonnet-4-5-20250929-v1:0"))
                .retention(software.amazon.awscdk.Duration.days(3650))
                .build());
        Map<String, Set<String>> synthesizedEnvironment = new TreeMap<>();
        for (PlatformFunction function : PlatformFunction.values()) {
            Map<String, Object> environment = map(map(synthesized.functionProperties(function).get("Environment")).get("Variables"));
            for (String variable : environment.keySet()) {
                synthesizedEnvironment.computeIfAbsent(variable, v -> new TreeSet<>()).add(function.constructId().toLowerCase(java.util.Locale.ROOT));
            }
        }

        assertThat(documentedEnvironment()).as("API.md's Handler environment table (actual) vs the synthesized functions (expected)")
                .isEqualTo(synthesizedEnvironment);
    }

    /** Rows of the environment table: `NAME` | all, or the functions that get it, comma separated | meaning. */
    private static Map<String, Set<String>> documentedEnvironment() {
        Set<String> all = Arrays.stream(PlatformFunction.values())
                .map(f -> f.constructId().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> documented = new TreeMap<>();
        section("### Handler environment").lines()
                .filter(line -> line.startsWith("| `"))
                .forEach(line -> {
                    String[] cells = line.split("\\|");
                    String variable = cells[1].strip().replace("`", "");
                    String functions = cells[2].strip();
                    documented.put(variable, functions.equals("all") ? all
                            : Arrays.stream(functions.split(",")).map(String::strip)
                                    .collect(Collectors.toCollection(TreeSet::new)));
                });
        return documented;
    }

    /** The text from {@code heading} to the next heading of the same or a higher level. */
    private static String section(String heading) {
        int start = apiMd.indexOf("\n" + heading + "\n");
        assertThat(start).as("API.md has a section " + heading).isNotNegative();
        String hashes = heading.substring(0, heading.indexOf(' '));
        String rest = apiMd.substring(start + heading.length() + 2);
        int end = rest.length();
        for (int level = 1; level <= hashes.length(); level++) {
            int next = rest.indexOf("\n" + "#".repeat(level) + " ");
            if (next >= 0) {
                end = Math.min(end, next);
            }
        }
        return rest.substring(0, end);
    }

    /** The names that {@code text} does not contain in the form {@code pattern} (e.g. "`%s("). */
    private static List<String> missing(Set<String> names, String text, String pattern) {
        assertThat(names).as("names to look for").isNotEmpty();
        return names.stream().filter(name -> !text.contains(String.format(pattern, name))).collect(Collectors.toList());
    }

    /** Public methods declared by {@code type}, without a builder's {@code build}. */
    private static Set<String> publicMethodNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> !(type.getSimpleName().equals("Builder") && m.getName().equals("build")))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Accessors, equals, hashCode and toString, which every record has. */
    private static boolean isRecordPlumbing(Class<?> record, String name) {
        return Set.of("equals", "hashCode", "toString").contains(name)
                || Arrays.stream(record.getRecordComponents()).anyMatch(c -> c.getName().equals(name));
    }

    /** Public top-level and nested types compiled from src/main/java into io/medextract/cdk. */
    private static List<Class<?>> publicTypesOfThePackage() throws URISyntaxException, IOException {
        Path classes = Path.of(MedExtractPlatform.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/medextract/cdk");
        try (Stream<Path> files = Files.list(classes)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> "io.medextract.cdk." + f.substring(0, f.length() - ".class".length()).replace('$', '.'))
                    .map(ApiDocumentationTest::loadIfNamed)
                    .filter(c -> c != null && Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass())
                    .filter(c -> c.getEnclosingClass() == null || Modifier.isPublic(c.getEnclosingClass().getModifiers()))
                    .filter(c -> c.getEnclosingClass() == null || !c.getSimpleName().equals("Builder"))
                    .sorted(java.util.Comparator.comparing(Class::getName))
                    .collect(Collectors.toList());
        }
    }

    /** Nested names (Outer.Inner) are loaded through their binary name; anonymous classes yield null. */
    private static Class<?> loadIfNamed(String name) {
        try {
            int dot = name.indexOf('.', "io.medextract.cdk.".length());
            String binary = dot < 0 ? name : name.substring(0, dot) + '$' + name.substring(dot + 1).replace('.', '$');
            return Class.forName(binary, false, MedExtractPlatform.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The directory that holds API.md: the repository root, above this module. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("API.md")) && Files.exists(dir.resolve("construct"))) {
                return dir;
            }
        }
        throw new AssertionError("API.md not found above " + Path.of("").toAbsolutePath());
    }
}
