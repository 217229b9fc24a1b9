package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestJson;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.packaging.PackagedBuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Writes a packaged build on disk as the package step lays it out: {@code objects/<key>} files and the manifest. */
final class PackagedBuildFixture {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final BuildId buildId;
    private final List<ManifestObject> objects = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    private PackagedBuildFixture(String buildId) {
        this.buildId = BuildId.of(buildId);
    }

    static PackagedBuildFixture build(String buildId) {
        return new PackagedBuildFixture(buildId);
    }

    /** A small widget: an entry and its gzip variant, a chunk, an image. */
    static PackagedBuildFixture widget(String buildId) {
        return build(buildId)
                .object("index.js", "text/javascript", null, "console.log('entry of " + buildId + "');")
                .object("index.js.gz", "text/javascript", "gzip", randomBytes(300, 1))
                .object("chunk-1a2b.js", "text/javascript", null, "export const chunk = 1;")
                .object("chunk-1a2b.js.LICENSE.txt", "text/plain; charset=utf-8", null, "MIT")
                .object("logo.png", "image/png", null, randomBytes(2048, 2));
    }

    PackagedBuildFixture object(String name, String contentType, String contentEncoding, String text) {
        return object(name, contentType, contentEncoding, text.getBytes(StandardCharsets.UTF_8));
    }

    PackagedBuildFixture object(String name, String contentType, String contentEncoding, byte[] bytes) {
        objects.add(new ManifestObject(BuildLayout.key(buildId, name), bytes.length, sha256Hex(bytes), contentType,
                contentEncoding, IMMUTABLE));
        contents.add(bytes.clone());
        return this;
    }

    PackagedBuild writeTo(Path directory) {
        try {
            for (int i = 0; i < objects.size(); i++) {
                Path file = directory.resolve(PackagedBuild.OBJECTS_DIR).resolve(objects.get(i).key());
                Files.createDirectories(file.getParent());
                Files.write(file, contents.get(i));
            }
            AssetManifest manifest = AssetManifest.of(buildId, "index.js", objects);
            Files.write(directory.resolve(BuildLayout.MANIFEST_NAME), ManifestJson.write(manifest));
            return new PackagedBuild(buildId, directory, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
