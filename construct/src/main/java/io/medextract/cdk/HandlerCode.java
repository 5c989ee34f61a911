package io.medextract.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The four function packages embedded in this library (one per function, each with only what its handler needs),
 * each written once to a content-addressed file so that {@link Code#fromAsset} hashes the same bytes on every
 * machine: a function's asset hash changes only when its own package changes.
 */
final class HandlerCode {

    static final String RESOURCE_DIRECTORY = "/io/medextract/cdk/assets/";

    private static final Map<PlatformFunction, Path> EXTRACTED = new EnumMap<>(PlatformFunction.class);

    private HandlerCode() {}

    /** The function's own package as a Lambda code asset. */
    static Code asset(PlatformFunction function) {
        return Code.fromAsset(jarPath(function).toString());
    }

    /** The extract package: it carries the prompt-template rules the construct checks at synth time. */
    static Path jarPath() {
        return jarPath(PlatformFunction.EXTRACT);
    }

    static synchronized Path jarPath(PlatformFunction function) {
        return EXTRACTED.computeIfAbsent(function, HandlerCode::extract);
    }

    /** {@code medextract-upload.jar}, ...: the name the construct's build gives each embedded package. */
    static String fileName(PlatformFunction function) {
        return "medextract-" + function.name().toLowerCase(Locale.ROOT) + ".jar";
    }

    private static Path extract(PlatformFunction function) {
        String name = fileName(function);
        byte[] jar = readResource(name);
        String sha256 = sha256(jar);
        Path dir = LocalAssetCache.root().resolve(
                name.substring(0, name.length() - ".jar".length()) + "-" + sha256.substring(0, 16));
        Path target = dir.resolve(name);
        try {
            if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).equals(sha256)) {
                return target;
            }
            Files.createDirectories(dir);
            LocalAssetCache.writeAtomically(target, jar);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + name + " function package under " + dir, e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = HandlerCode.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("function package " + RESOURCE_DIRECTORY + name + " is missing from"
                        + " the medextract-cdk jar; build with ./mvnw install from the repository root");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
