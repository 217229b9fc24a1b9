package dev.edgedeploy.core.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Compressed outputs kept by content: {@code <sha256 of the input>-<codec>-<level>}. A file already compressed
 * by an earlier build is never compressed again. Entries are written to a temporary file and moved into place,
 * so a killed build or two builds at once never leave a truncated entry.
 */
public final class CompressionCache {

    private final Path directory;

    public CompressionCache(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path directory() {
        return directory;
    }

    public Path entry(String inputSha256, Codec codec, int level) {
        return directory.resolve(inputSha256 + "-" + codec.contentEncoding() + "-" + level);
    }

    public Optional<Path> find(String inputSha256, Codec codec, int level) {
        Path entry = entry(inputSha256, codec, level);
        return Files.isRegularFile(entry) ? Optional.of(entry) : Optional.empty();
    }

    public Path store(String inputSha256, Codec codec, int level, byte[] compressed) {
        Path entry = entry(inputSha256, codec, level);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".", ".tmp");
            try {
                Files.write(temporary, compressed);
                try {
                    Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, entry, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compression cache entry " + entry, e);
        }
    }
}
