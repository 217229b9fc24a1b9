package dev.edgedeploy.core.assets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A regular file of the build output that passed validation.
 *
 * @param name relative to the output directory, segments separated by {@code /}; the key suffix after
 *     {@code assets/<buildId>/}
 * @param path where it is on disk
 * @param size its size in bytes, as scanned
 * @param contentType how it is served
 */
public record DistFile(String name, Path path, long size, ContentType contentType) {

    public DistFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
    }
}
