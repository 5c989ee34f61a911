package io.medextract.tests.artifact;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The four function packages the handlers module builds (one shaded, minimised jar per function), where the
 * build put them, and what they are made of.
 */
public final class FunctionPackages {

    /** Handler class per function, in the order the tables print them. */
    public static final Map<String, String> HANDLERS = Map.of(
            "upload", "io.medextract.handlers.upload.UploadHandler",
            "extract", "io.medextract.handlers.extract.ExtractHandler",
            "metrics", "io.medextract.handlers.metrics.MetricsHandler",
            "experiments", "io.medextract.handlers.experiments.ExperimentsHandler");
    public static final List<String> FUNCTIONS = List.of("upload", "extract", "metrics", "experiments");

    /** One dependency's share of a package: compressed bytes of the entries that came from it. */
    public record Share(String dependency, long bytes, int entries) {}

    /** A package: its file size, entry count and its dependencies, largest first. */
    public record Contents(String function, Path jar, long bytes, int entries, List<Share> shares) {}

    private FunctionPackages() {}

    /** The package of {@code function} (upload, extract, metrics, experiments). */
    public static Path jar(String function) {
        String prefix = System.getProperty("medextract.function.packages");
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalStateException("system property medextract.function.packages is not set (run through Maven)");
        }
        Path jar = Path.of(prefix + function + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the handlers module first (./mvnw verify from the root)");
        }
        return jar;
    }

    /** The package that runs {@code handlerClass}. */
    public static Path of(String handlerClass) {
        return HANDLERS.entrySet().stream().filter(e -> e.getValue().equals(handlerClass)).findFirst()
                .map(e -> jar(e.getKey()))
                .orElseThrow(() -> new IllegalArgumentException("no function runs " + handlerClass));
    }

    /**
     * What {@code function}'s package is made of: each entry is credited to the jar on this JVM's class path
     * that holds the same entry (the handlers' dependencies are on the test class path), our own classes to
     * "medextract-handlers".
     */
    public static Contents contents(String function) {
        Path jar = jar(function);
        Map<String, String> origin = entryOrigins();
        Map<String, long[]> totals = new HashMap<>();
        int entries = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                entries++;
                String from = e.getName().startsWith("io/medextract/") ? "medextract-handlers"
                        : origin.getOrDefault(e.getName(), "(merged or generated)");
                long[] t = totals.computeIfAbsent(from, k -> new long[2]);
                t[0] += e.getCompressedSize();
                t[1]++;
            }
            long size = Files.size(jar);
            List<Share> shares = new ArrayList<>();
            totals.forEach((k, v) -> shares.add(new Share(k, v[0], (int) v[1])));
            shares.sort(Comparator.comparingLong(Share::bytes).reversed());
            return new Contents(function, jar, size, entries, List.copyOf(shares));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entry name -> file name of the class-path jar that holds it (first one wins, as in class loading). */
    private static Map<String, String> entryOrigins() {
        Map<String, String> origins = new LinkedHashMap<>();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!element.endsWith(".jar") || element.contains("medextract-handlers")) {
                continue;
            }
            try (ZipFile zip = new ZipFile(element)) {
                String name = Path.of(element).getFileName().toString().replaceAll("\\.jar$", "");
                zip.stream().filter(e -> !e.isDirectory()).forEach(e -> origins.putIfAbsent(e.getName(), name));
            } catch (IOException e) {
                throw new UncheckedIOException(element, e);
            }
        }
        return origins;
    }

    /** One line per package: size, entries, and its three largest dependencies. */
    public static String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-12s %9s %8s  %s%n", "package", "size MB", "entries", "three largest dependencies (compressed MB)"));
        for (String f : FUNCTIONS) {
            Contents c = contents(f);
            StringBuilder top = new StringBuilder();
            c.shares().stream().limit(3).forEach(s -> top.append(top.length() == 0 ? "" : ", ")
                    .append(String.format("%s %.2f", s.dependency(), s.bytes() / 1_000_000.0)));
            out.append(String.format("%-12s %9.2f %8d  %s%n", f, c.bytes() / 1_000_000.0, c.entries(), top));
        }
        return out.toString();
    }
}
