package io.medextract.tests.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.LocalPlatform;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one invocation of a handler from its shipped function package in a fresh JVM ({@link InvokeOnce}), with
 * the environment and JVM options given, and reports the answer, the process's output and its peak memory.
 */
final class ShippedFunction {

    /** What one invocation answered and what its process used. */
    record Invocation(JsonNode response, String output, long peakResidentKilobytes) {}

    private ShippedFunction() {}

    static Invocation invoke(Path work, String handlerClass, JsonNode event, Map<String, String> environment,
                             List<String> jvmOptions) throws Exception {
        Path eventFile = Files.createTempFile(work, "event", ".json");
        Path responseFile = Files.createTempFile(work, "response", ".json");
        Files.write(eventFile, LocalPlatform.JSON.writeValueAsBytes(event));
        Path classes = Path.of(InvokeOnce.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", FunctionPackages.of(handlerClass) + File.pathSeparator + classes,
                InvokeOnce.class.getName(), handlerClass, eventFile.toString(), responseFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the invocation did not end within 300 s:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the invocation's JVM exited with " + process.exitValue() + ":\n" + output);
        }
        long peak = output.lines().filter(l -> l.startsWith("INVOKE_MEMORY"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        return new Invocation(LocalPlatform.JSON.readTree(Files.readAllBytes(responseFile)), output, peak);
    }
}
