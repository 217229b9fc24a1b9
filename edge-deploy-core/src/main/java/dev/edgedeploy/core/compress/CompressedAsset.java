package dev.edgedeploy.core.compress;

import dev.edgedeploy.core.assets.DistFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A file of the build output with its compressed variants.
 *
 * @param file the identity file
 * @param sha256 hex SHA-256 of the identity bytes
 * @param variants one per stored codec for compressible files, in the settings' codec order; empty otherwise
 */
public record CompressedAsset(DistFile file, String sha256, List<Variant> variants) {

    public CompressedAsset {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        variants = List.copyOf(variants);
    }

    public Optional<Variant> variant(Codec codec) {
        return variants.stream().filter(v -> v.codec() == codec).findFirst();
    }

    /**
     * One compressed variant, as stored.
     *
     * @param codec how it was compressed
     * @param file its bytes (a compression cache entry)
     * @param size its size in bytes
     * @param sha256 hex SHA-256 of its bytes
     */
    public record Variant(Codec codec, Path file, long size, String sha256) {
    }
}
