package io.medextract.cdk;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where synth writes the files the CDK hashes and uploads as assets (the function packages, the prompt
 * templates layer): a directory of the current OS user, never a directory shared between users, whose files a
 * second user could neither read nor replace. {@code $XDG_CACHE_HOME/medextract}, else
 * {@code ~/.cache/medextract}; where the home directory cannot be written (some CI sandboxes), a per-user
 * directory under {@code java.io.tmpdir}.
 */
final class LocalAssetCache {

    private LocalAssetCache() {}

    /** The cache root for this user, created if needed. */
    static Path root() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path preferred = xdg != null && !xdg.isBlank() ? Path.of(xdg, "medextract")
                : Path.of(System.getProperty("user.home"), ".cache", "medextract");
        try {
            return Files.createDirectories(preferred);
        } catch (IOException | SecurityException e) {
            Path fallback = Path.of(System.getProperty("java.io.tmpdir"),
                    "medextract-" + System.getProperty("user.name", "user"));
            try {
                return Files.createDirectories(fallback);
            } catch (IOException second) {
                second.addSuppressed(e);
                throw new java.io.UncheckedIOException("cannot create a cache directory at " + preferred
                        + " or " + fallback, second);
            }
        }
    }

    /**
     * Writes {@code bytes} to {@code target} through a temporary file and an atomic move, so a concurrent synth
     * never reads half a file; the file is world-readable (rw-r--r--) like any build output, since temporary
     * files are created owner-only.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path partial = Files.createTempFile(target.getParent(), "partial-", ".tmp");
        try {
            Files.write(partial, bytes);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
