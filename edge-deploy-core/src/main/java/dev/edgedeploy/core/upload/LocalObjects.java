package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.packaging.PackagedBuild;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packaged build as the uploader reads it: the files behind the manifest, checked before any remote call,
 * and their MD5 (S3's ETag of a single PUT), computed once per object and only when a comparison needs it.
 */
final class LocalObjects {

    private final PackagedBuild build;
    private final byte[] manifestBytes;
    private final Map<String, String> md5ByKey = new ConcurrentHashMap<>();

    private LocalObjects(PackagedBuild build, byte[] manifestBytes) {
        this.build = build;
        this.manifestBytes = manifestBytes;
    }

    /** Checks every object file exists with its manifest size under the build's prefix (G8: before any change). */
    static LocalObjects read(PackagedBuild build) {
        String prefix = BuildLayout.prefix(build.buildId());
        String manifestKey = BuildLayout.manifestKey(build.buildId());
        List<Problem> problems = new ArrayList<>();
        for (ManifestObject object : build.manifest().objects()) {
            Path file = build.objectFile(object);
            if (!object.key().startsWith(prefix) || object.key().equals(manifestKey)) {
                problems.add(new Problem(object.key(), "is not a key of build " + build.buildId() + " (expected "
                        + prefix + "...).", "package the build again."));
            } else if (!Files.isRegularFile(file)) {
                problems.add(new Problem(file.toString(), "is missing from the packaged build.",
                        "package the build again (mvn package)."));
            } else {
                long size = size(file);
                if (size != object.size()) {
                    problems.add(new Problem(file.toString(), "has " + size + " bytes, the manifest says "
                            + object.size() + ".", "package the build again (mvn package)."));
                }
            }
        }
        byte[] manifestBytes;
        try {
            manifestBytes = Files.readAllBytes(build.manifestFile());
        } catch (IOException e) {
            problems.add(new Problem(build.manifestFile().toString(), "cannot be read: " + e.getMessage(),
                    "package the build again (mvn package)."));
            manifestBytes = new byte[0];
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The packaged build " + build.directory() + " is incomplete", problems);
        }
        return new LocalObjects(build, manifestBytes);
    }

    PackagedBuild build() {
        return build;
    }

    Path file(ManifestObject object) {
        return build.objectFile(object);
    }

    byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    long manifestSize() {
        return manifestBytes.length;
    }

    /** Lowercase hex MD5 of the object's bytes. */
    String md5Hex(ManifestObject object) {
        return md5ByKey.computeIfAbsent(object.key(), key -> digestHex(file(object), "MD5"));
    }


    private static String digestHex(Path file, String algorithm) {
        MessageDigest digest = digest(algorithm);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
