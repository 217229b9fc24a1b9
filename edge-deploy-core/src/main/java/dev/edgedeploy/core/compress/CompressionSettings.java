package dev.edgedeploy.core.compress;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How compressible files are pre-compressed.
 *
 * @param gzipLevel deflate level 1-9 (default 9)
 * @param brotli whether {@code .br} variants are stored (default true)
 * @param brotliQuality brotli quality 0-11 (default 11; ~40x the CPU of gzip 9, hence the cache)
 * @param cacheDirectory where compressed outputs are kept by content hash across builds; put it outside
 *     {@code target/} so {@code mvn clean} keeps it
 */
public record CompressionSettings(int gzipLevel, boolean brotli, int brotliQuality, Path cacheDirectory) {

    public static final int DEFAULT_GZIP_LEVEL = 9;
    public static final int DEFAULT_BROTLI_QUALITY = 11;

    public CompressionSettings {
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        List<Problem> problems = new ArrayList<>();
        if (gzipLevel < 1 || gzipLevel > 9) {
            problems.add(new Problem("<gzipLevel> / -DedgeDeploy.gzipLevel", "gzip level " + gzipLevel
                    + " is outside 1-9.", "use 9 (smallest, the default) or a lower level for faster builds."));
        }
        if (brotliQuality < 0 || brotliQuality > 11) {
            problems.add(new Problem("<brotliQuality> / -DedgeDeploy.brotliQuality", "brotli quality "
                    + brotliQuality + " is outside 0-11.",
                    "use 11 (smallest, the default) or e.g. 5 for much faster builds."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid compression settings", problems);
        }
    }

    public static CompressionSettings defaults(Path cacheDirectory) {
        return new CompressionSettings(DEFAULT_GZIP_LEVEL, true, DEFAULT_BROTLI_QUALITY, cacheDirectory);
    }

    /** The codecs whose variants are stored, in the edge's order of preference (br before gzip). */
    public List<Codec> codecs() {
        return brotli ? List.of(Codec.BROTLI, Codec.GZIP) : List.of(Codec.GZIP);
    }

    public int level(Codec codec) {
        return codec == Codec.GZIP ? gzipLevel : brotliQuality;
    }
}
