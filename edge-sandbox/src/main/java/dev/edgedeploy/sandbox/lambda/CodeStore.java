package dev.edgedeploy.sandbox.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Stores deployment packages on disk, validating and unpacking each distinct zip once. */
final class CodeStore {

    /** Lambda's quota for the unzipped deployment package, layers included. */
    static final long UNZIPPED_LIMIT = 262_144_000L;

    private final Path root;
    private final Map<String, CodePackage> packages = new HashMap<>();

    CodeStore(Path root) {
        this.root = root;
    }

    /**
     * Stores a zip.
     *
     * @throws LambdaApiException InvalidParameterValueException for bytes that are not a zip, an entry escaping
     *         the task root, or an unpacked size over Lambda's quota, each with AWS's message
     */
    synchronized CodePackage store(byte[] zip) {
        byte[] digest = digest(zip);
        String hex = HexFormat.of().formatHex(digest);
        CodePackage known = packages.get(hex);
        if (known != null) {
            return known;
        }
        try {
            Files.createDirectories(root);
            Path zipFile = root.resolve(hex + ".zip");
            Path partial = root.resolve(hex + ".zip.partial");
            Files.write(partial, zip);
            Files.move(partial, zipFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path directory = root.resolve(hex);
            if (!Files.isDirectory(directory)) {
                Path staging = Files.createTempDirectory(root, hex + ".");
                try {
                    unpack(zipFile, staging);
                    Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
                } catch (LambdaApiException | IOException e) {
                    deleteTree(staging);
                    Files.deleteIfExists(zipFile);
                    throw e;
                }
            }
            CodePackage stored = new CodePackage(Base64.getEncoder().encodeToString(digest), zip.length, zipFile,
                    directory);
            packages.put(hex, stored);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a deployment package under " + root, e);
        }
    }

    /** A package stored by an earlier run, unpacked again if its directory is gone. */
    CodePackage restore(String hexSha256) {
        Path zipFile = root.resolve(hexSha256 + ".zip");
        try {
            return store(Files.readAllBytes(zipFile));
        } catch (IOException e) {
            throw new UncheckedIOException("the Lambda sandbox state names a package that is gone: " + zipFile, e);
        }
    }

    /** The stored zip whose hex SHA-256 is given, for GetFunction's code location. */
    synchronized Path zip(String hexSha256) {
        CodePackage known = packages.get(hexSha256);
        return known == null ? null : known.zip();
    }

    private static void unpack(Path zipFile, Path target) throws IOException {
        long unpacked = 0;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target) || entry.getName().startsWith("/")) {
                    throw unzipFailure();
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    unpacked += Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
                if (unpacked > UNZIPPED_LIMIT) {
                    throw LambdaApiException.invalidParameter(
                            "Unzipped size must be smaller than " + UNZIPPED_LIMIT + " bytes");
                }
            }
        } catch (ZipException e) {
            throw unzipFailure();
        }
    }

    private static LambdaApiException unzipFailure() {
        return LambdaApiException.invalidParameter(
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
