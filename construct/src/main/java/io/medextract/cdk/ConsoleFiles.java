package io.medextract.cdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The web console's built files, embedded in this library as {@code medextract-console.jar} (the console
 * module's jar: Vite's output under {@code io/medextract/cdk/console/}). Written once per content to a
 * directory of the user's asset cache, so the CDK hashes the same bytes on every machine. The build's own
 * {@code config.json} (local mode's) is left out: the construct writes the deployment's at deploy time.
 */
final class ConsoleFiles {

    static final String JAR = "medextract-console.jar";
    static final String PREFIX = "io/medextract/cdk/console/";
    static final String CONFIG = "config.json";

    private static Path extracted;

    private ConsoleFiles() {}

    /** The directory holding index.html and assets/. */
    static synchronized Path directory() {
        if (extracted == null) {
            extracted = extract();
        }
        return extracted;
    }

    private static Path extract() {
        byte[] jar;
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(HandlerCode.RESOURCE_DIRECTORY + JAR)) {
            if (in == null) {
                throw new IllegalStateException("the web console " + HandlerCode.RESOURCE_DIRECTORY + JAR + " is missing"
                        + " from the medextract-cdk jar; build with ./mvnw package from the repository root");
            }
            jar = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path dir = LocalAssetCache.root().resolve("console-" + HandlerCode.sha256(jar).substring(0, 16));
        Path done = dir.resolve(".complete");
        if (Files.isRegularFile(done)) {
            return dir.resolve("site");
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            Path site = Files.createDirectories(dir.resolve("site"));
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(PREFIX) || name.equals(PREFIX + CONFIG)) {
                    continue;
                }
                Path target = site.resolve(name.substring(PREFIX.length())).normalize();
                if (!target.startsWith(site)) {
                    throw new IllegalStateException("console file outside its directory: " + name);
                }
                Files.createDirectories(target.getParent());
                LocalAssetCache.writeAtomically(target, zip.readAllBytes());
            }
            LocalAssetCache.writeAtomically(done, new byte[0]);
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the web console's files under " + dir, e);
        }
    }
}
