package dev.edgedeploy.core.manifest;

import dev.edgedeploy.core.build.BuildId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The commit marker of a build: every object it stores, sorted by key. Written last to each bucket
 * as {@code assets/<buildId>/_edge-manifest.json}.
 *
 * @param schemaVersion format version of this document
 * @param buildId the build
 * @param entry the entry file's name relative to the build output, e.g. {@code index.js}
 * @param objects every object of the build (identity and compressed variants), sorted by key
 */
public record AssetManifest(int schemaVersion, String buildId, String entry, List<ManifestObject> objects) {

    public static final int SCHEMA_VERSION = 1;

    public AssetManifest {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(entry, "entry");
        objects = objects.stream().sorted(Comparator.comparing(ManifestObject::key)).toList();
    }

    public static AssetManifest of(BuildId buildId, String entry, List<ManifestObject> objects) {
        return new AssetManifest(SCHEMA_VERSION, buildId.value(), entry, objects);
    }

    public BuildId id() {
        return BuildId.of(buildId);
    }

    public Optional<ManifestObject> object(String key) {
        return objects.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    public long totalBytes() {
        return objects.stream().mapToLong(ManifestObject::size).sum();
    }
}
