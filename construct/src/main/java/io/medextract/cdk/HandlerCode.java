package io.medextract.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The handlers jar embedded in this library, written once to a content-addressed file so that
 * {@link Code#fromAsset} hashes the same bytes on every machine and the CDK asset hash stays stable.
 */
final class HandlerCode {

    static final String RESOURCE = "/io/medextract/cdk/assets/medextract-handlers.jar";

    private static Path extracted;

    private HandlerCode() {}

    static Code asset() {
        return Code.fromAsset(jarPath().toString());
    }

    static synchronized Path jarPath() {
        if (extracted == null) {
            extracted = extract();
        }
        return extracted;
    }

    private static Path extract() {
        byte[] jar = readResource();
        String sha256 = sha256(jar);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "medextract-handlers-" + sha256.substring(0, 16));
        Path target = dir.resolve("medextract-handlers.jar");
        try {
            if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).equals(sha256)) {
                return target;
            }
            Files.createDirectories(dir);
            // Write beside and move: a concurrent synth never sees a half-written jar.
            Path partial = Files.createTempFile(dir, "partial-", ".jar");
            Files.write(partial, jar);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the handlers jar under " + dir, e);
        }
    }

    private static byte[] readResource() {
        try (InputStream in = HandlerCode.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("handlers jar " + RESOURCE + " is missing from the medextract-cdk"
                        + " jar; build with ./mvnw install from the repository root");
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
