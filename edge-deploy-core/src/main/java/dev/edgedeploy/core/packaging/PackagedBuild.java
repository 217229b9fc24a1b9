package dev.edgedeploy.core.packaging;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeBundle;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestJson;
import dev.edgedeploy.core.manifest.ManifestObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build packaged on disk under {@code target/edge-deploy/<buildId>/}: the objects exactly as they are
 * stored (under {@code objects/<key>}), the manifest, and the edge bundle.
 *
 * @param buildId the build
 * @param directory {@code target/edge-deploy/<buildId>/}
 * @param manifest every object of the build
 */
public record PackagedBuild(BuildId buildId, Path directory, AssetManifest manifest) {

    public static final String OBJECTS_DIR = "objects";
    public static final String BUNDLE_NAME = "edge-bundle.zip";

    /** The local file holding the exact bytes of a manifest object. */
    public Path objectFile(ManifestObject object) {
        return directory.resolve(OBJECTS_DIR).resolve(object.key());
    }

    /** The canonical manifest bytes, as uploaded last to each bucket. */
    public Path manifestFile() {
        return directory.resolve(BuildLayout.MANIFEST_NAME);
    }

    public Path bundleFile() {
        return directory.resolve(BUNDLE_NAME);
    }

    /** The edge bundle with its size and CodeSha256, read back from {@link #bundleFile()}. */
    public EdgeBundle bundle() {
        return EdgeBundle.of(bundleFile());
    }

    /** Reads back a build the package step wrote, e.g. from the deploy goal. */
    public static PackagedBuild read(Path directory) {
        Path manifestFile = directory.resolve(BuildLayout.MANIFEST_NAME);
        try {
            AssetManifest manifest = ManifestJson.read(Files.readAllBytes(manifestFile));
            return new PackagedBuild(manifest.id(), directory, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifestFile + ": run the package phase first", e);
        }
    }
}
