package dev.edgedeploy.core.bundle;

import dev.edgedeploy.core.assets.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The rendered Lambda@Edge deployment package.
 *
 * @param file the zip
 * @param size its size in bytes (the zipped size Lambda@Edge limits)
 * @param codeSha256 base64 of the zip's SHA-256, exactly as Lambda reports {@code CodeSha256}: equal values mean
 *     an unchanged function, so nothing is published
 */
public record EdgeBundle(Path file, long size, String codeSha256) {

    public EdgeBundle {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(codeSha256, "codeSha256");
    }

    public static EdgeBundle of(Path file) {
        try {
            return new EdgeBundle(file, Files.size(file), Sha256.base64(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edge bundle " + file, e);
        }
    }
}
