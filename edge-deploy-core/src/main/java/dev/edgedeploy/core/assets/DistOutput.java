package dev.edgedeploy.core.assets;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A validated build output directory.
 *
 * @param directory the output directory, canonical
 * @param entry the entry file, also among {@code files}
 * @param files every file, sorted by name
 */
public record DistOutput(Path directory, DistFile entry, List<DistFile> files) {

    public DistOutput {
        files = files.stream().sorted(Comparator.comparing(DistFile::name)).toList();
    }

    public long totalBytes() {
        return files.stream().mapToLong(DistFile::size).sum();
    }
}
