package io.medextract.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * The user's prompt templates as a Lambda layer: the files are staged under {@code medextract/prompts/} so
 * they appear at {@code /opt/medextract/prompts} in the function, where the handlers load them.
 */
final class PromptTemplateLayer {

    static final String MOUNT_PATH = "/opt/medextract/prompts";

    private PromptTemplateLayer() {}

    static LayerVersion create(Construct scope, String id, String directory, Runtime runtime, Architecture arch) {
        Path staged = stage(Path.of(directory));
        return LayerVersion.Builder.create(scope, id)
                .description("MedExtract user prompt templates")
                .code(Code.fromAsset(staged.toString()))
                .compatibleRuntimes(List.of(runtime))
                .compatibleArchitectures(List.of(arch))
                .build();
    }

    /** Copies the templates into a content-addressed staging directory (stable asset hash). */
    private static Path stage(Path source) {
        try (var files = Files.list(source)) {
            List<Path> templates = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path t : templates) {
                digest.update(t.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(t));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path root = LocalAssetCache.root().resolve("prompts-" + hash);
            Path target = root.resolve("medextract").resolve("prompts");
            Files.createDirectories(target);
            for (Path t : templates) {
                Files.copy(t, target.resolve(t.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
