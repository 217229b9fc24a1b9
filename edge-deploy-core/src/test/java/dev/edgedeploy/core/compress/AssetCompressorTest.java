package dev.edgedeploy.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.assets.ContentTypes;
import dev.edgedeploy.core.assets.DistFile;
import dev.edgedeploy.core.assets.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetCompressorTest {

    @TempDir
    Path temp;

    private Path cache;
    private List<DistFile> files;

    @BeforeEach
    void writeFiles() throws IOException {
        cache = temp.resolve("cache");
        Path dist = Files.createDirectories(temp.resolve("dist"));
        files = Stream.of("index.js", "app.css", "logo.png").map(name -> {
            try {
                Path path = Files.writeString(dist.resolve(name), ("content of " + name + "\n").repeat(100));
                return new DistFile(name, path, Files.size(path),
                        ContentTypes.standard().forName(name).orElseThrow());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void storesGzipAndBrotliVariantsOfCompressibleFilesOnly() {
        CompressionResult result = new AssetCompressor(CompressionSettings.defaults(cache)).compress(files);

        assertThat(result.assets()).extracting(a -> a.file().name()).containsExactly("app.css", "index.js", "logo.png");
        assertThat(result.assets().get(1).variants()).extracting(CompressedAsset.Variant::codec)
                .containsExactly(Codec.BROTLI, Codec.GZIP);
        assertThat(result.assets().get(2).variants()).isEmpty();
        assertThat(result.assets().get(2).sha256()).isEqualTo(Sha256.hex(files.get(2).path()));
        CompressedAsset.Variant gzip = result.assets().get(1).variant(Codec.GZIP).orElseThrow();
        assertThat(gzip.sha256()).isEqualTo(Sha256.hex(gzip.file()));
        assertThat(gzip.file().getFileName().toString())
                .isEqualTo(Sha256.hex(files.get(0).path()) + "-gzip-9");
        assertThat(result.compressions()).isEqualTo(4);
        assertThat(result.reused()).isZero();
    }

    @Test
    void neverCompressesAFileAnEarlierBuildAlreadyCompressed() {
        CompressionResult first = new AssetCompressor(CompressionSettings.defaults(cache)).compress(files);
        CompressionResult second = new AssetCompressor(CompressionSettings.defaults(cache)).compress(files);

        assertThat(second.compressions()).isZero();
        assertThat(second.reused()).isEqualTo(4);
        assertThat(second.assets()).isEqualTo(first.assets());
    }

    @Test
    void compressesAgainWhenTheLevelChanges() {
        new AssetCompressor(CompressionSettings.defaults(cache)).compress(files);
        CompressionResult faster = new AssetCompressor(new CompressionSettings(6, true, 5, cache)).compress(files);
        assertThat(faster.compressions()).isEqualTo(4);
    }

    @Test
    void givesTheSameBytesWhateverTheNumberOfThreads() throws IOException {
        CompressionResult one = new AssetCompressor(CompressionSettings.defaults(temp.resolve("c1")), 1).compress(files);
        CompressionResult four = new AssetCompressor(CompressionSettings.defaults(temp.resolve("c4")), 4)
                .compress(files);
        for (int i = 0; i < one.assets().size(); i++) {
            for (int v = 0; v < one.assets().get(i).variants().size(); v++) {
                assertThat(Files.readAllBytes(four.assets().get(i).variants().get(v).file()))
                        .isEqualTo(Files.readAllBytes(one.assets().get(i).variants().get(v).file()));
            }
        }
    }

    @Test
    void storesOnlyGzipWhenBrotliIsOff() {
        CompressionResult result = new AssetCompressor(new CompressionSettings(9, false, 11, cache)).compress(files);
        assertThat(result.assets().get(0).variants()).extracting(CompressedAsset.Variant::codec)
                .containsExactly(Codec.GZIP);
        assertThat(result.bytes(Codec.BROTLI)).isZero();
    }

    @Test
    void leavesNoTemporaryFilesInTheCache() throws IOException {
        new AssetCompressor(CompressionSettings.defaults(cache)).compress(files);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString())).hasSize(4)
                    .allMatch(name -> name.matches("[0-9a-f]{64}-(gzip-9|br-11)"));
        }
    }

    @Test
    void rejectsOutOfRangeLevelsListingEach() {
        InvalidInputException failure = catchThrowableOfType(InvalidInputException.class,
                () -> new CompressionSettings(10, true, 12, cache));
        assertThat(failure.problems()).extracting(Problem::subject).containsExactly(
                "<gzipLevel> / -DedgeDeploy.gzipLevel", "<brotliQuality> / -DedgeDeploy.brotliQuality");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> new CompressionSettings(0, false, 0, cache))
                .problems()).hasSize(1);
    }
}
