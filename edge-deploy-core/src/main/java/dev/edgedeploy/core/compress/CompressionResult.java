package dev.edgedeploy.core.compress;

import java.util.List;

/**
 * Every file of a build with its variants, and how much work it took.
 *
 * @param assets one per file, sorted by name
 * @param compressions variants actually compressed now
 * @param reused variants found in the cache, compressed by an earlier build
 */
public record CompressionResult(List<CompressedAsset> assets, int compressions, int reused) {

    public CompressionResult {
        assets = List.copyOf(assets);
    }

    /** Files that got compressed variants. */
    public long compressibleFiles() {
        return assets.stream().filter(a -> !a.variants().isEmpty()).count();
    }

    /** Identity bytes of the files that got compressed variants. */
    public long compressibleBytes() {
        return assets.stream().filter(a -> !a.variants().isEmpty()).mapToLong(a -> a.file().size()).sum();
    }

    public long bytes(Codec codec) {
        return assets.stream().flatMap(a -> a.variant(codec).stream()).mapToLong(CompressedAsset.Variant::size).sum();
    }
}
