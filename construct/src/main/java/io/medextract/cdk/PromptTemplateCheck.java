package io.medextract.cdk;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks user prompt templates at synth time with the very code the extract function runs when it loads them
 * (parsing, name@version, no redefinition of a shipped version, the structured-output schema limits).
 *
 * <p>Why a class loader: the rules live once, in the handlers. The construct does not put the handlers on the
 * user's classpath (their SDK and Jackson versions would meet the user's own), and a separate rules artifact
 * would be one more published module to version in step. So the rules class is loaded from the handlers jar
 * this library already embeds, in an isolated loader whose parent is the platform loader: nothing from the
 * user's classpath leaks in and nothing of the handlers leaks out. Only JDK types ({@link Path}, {@code String},
 * {@code Map<String, String>}, {@code List<String>}) cross the boundary.
 */
final class PromptTemplateCheck {

    static final String ENTRY_POINT = "io.medextract.handlers.prompts.UserPromptTemplateCheck";

    private PromptTemplateCheck() {}

    /** One line per problem, each naming the file and the rule it breaks; empty when all templates are usable. */
    static List<String> problems(Path directory) {
        return call("problems", new Class<?>[] {Path.class}, directory);
    }

    /**
     * Labels that would point at no deployed version: a {@code promptLabelVersions} entry naming an unknown
     * version, or a {@code promptLabel} without a version. {@code directory} may be null.
     */
    static List<String> labelProblems(Path directory, java.util.Map<String, String> labelVersions, String promptLabel) {
        return call("labelProblems", new Class<?>[] {Path.class, java.util.Map.class, String.class},
                directory, java.util.Map.copyOf(labelVersions), promptLabel);
    }

    private static List<String> call(String method, Class<?>[] types, Object... args) {
        URL jar;
        try {
            jar = HandlerCode.jarPath().toUri().toURL();
        } catch (IOException e) {
            throw new IllegalStateException("cannot locate the embedded handlers jar", e);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
            Object result = Class.forName(ENTRY_POINT, true, loader)
                    .getMethod(method, types)
                    .invoke(null, args);
            return ((List<?>) result).stream().map(String::valueOf).toList();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("checking the prompt templates failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("the embedded handlers jar has no usable " + ENTRY_POINT, e);
        }
    }
}
