package dev.edgedeploy.core.packaging;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.assets.ContentTypes;
import dev.edgedeploy.core.assets.DistOutput;
import dev.edgedeploy.core.assets.OutputScanner;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.bundle.EdgeBundle;
import dev.edgedeploy.core.bundle.EdgeBundleRenderer;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.compress.AssetCompressor;
import dev.edgedeploy.core.compress.Codec;
import dev.edgedeploy.core.compress.CompressedAsset;
import dev.edgedeploy.core.compress.CompressionResult;
import dev.edgedeploy.core.event.ByteSize;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.CachePolicy;
import dev.edgedeploy.core.manifest.ManifestJson;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.upload.BucketTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The package step: validate the bundler's output, pre-compress it, and write {@code <outputRoot>/<buildId>/}
 * (the objects as stored, the manifest, the edge bundle). Nothing is written until the input is valid; the
 * package is assembled beside its final place and swapped in, so a re-run replaces it whole.
 */
public final class BuildPackager {

    private final EdgeRuntimeFiles runtime;

    public BuildPackager() {
        this(EdgeRuntimeFiles.fromClasspath());
    }

    public BuildPackager(EdgeRuntimeFiles runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    public PackagedBuild packageBuild(PackageRequest request, DeployListener listener) {
        BuildId buildId = request.buildId();
        ContentTypes contentTypes = ContentTypes.withExtras(request.extraContentTypes());
        DistOutput output = new OutputScanner(contentTypes).scan(request.distDirectory(), request.entry(), buildId);
        listener.on(DeployEvent.lifecycle("Validated " + request.distDirectory() + ": " + output.files().size()
                + " files (" + ByteSize.format(output.totalBytes()) + "), entry " + output.entry().name() + " ("
                + ByteSize.format(output.entry().size()) + ")"));

        CompressionResult compressed = new AssetCompressor(request.compression()).compress(output.files());
        listener.on(DeployEvent.lifecycle(describe(compressed)));

        CompressedAsset entry = compressed.assets().stream()
                .filter(a -> a.file().name().equals(output.entry().name())).findFirst().orElseThrow();
        byte[] entryBytes = read(entry.file().path());
        byte[] entryGzip = entry.variant(Codec.GZIP).map(v -> read(v.file()))
                .orElseGet(() -> Codec.GZIP.compress(entryBytes, request.compression().gzipLevel()));
        request.trigger().checkEntry(entry.file().name(), entryBytes.length, entryGzip.length).ifPresent(problem -> {
            throw new InvalidInputException("The entry does not fit the edge function", List.of(problem));
        });

        List<ManifestObject> objects = manifestObjects(buildId, compressed);
        AssetManifest manifest = AssetManifest.of(buildId, output.entry().name(), objects);
        EdgeConfig config = edgeConfig(request, entry, entryBytes, entryGzip, contentTypes);

        Path finalDirectory = request.outputRoot().resolve(buildId.value());
        Path staging = request.outputRoot().resolve("." + buildId.value() + ".staging");
        try {
            deleteRecursively(staging);
            writeObjects(staging, buildId, compressed);
            Files.write(staging.resolve(BuildLayout.MANIFEST_NAME), ManifestJson.write(manifest));
            listener.on(DeployEvent.lifecycle("Wrote " + objects.size() + " objects ("
                    + ByteSize.format(manifest.totalBytes()) + ") and " + BuildLayout.MANIFEST_NAME));

            EdgeBundle bundle = new EdgeBundleRenderer(runtime).render(config, request.outputTimestamp(),
                    staging.resolve(PackagedBuild.BUNDLE_NAME));
            var tooBig = request.trigger().checkBundle(PackagedBuild.BUNDLE_NAME, bundle.size());
            if (tooBig.isPresent()) {
                throw new InvalidInputException("The edge bundle does not fit the edge function", List.of(tooBig.get()));
            }
            listener.on(DeployEvent.lifecycle("Rendered " + PackagedBuild.BUNDLE_NAME + ": "
                    + ByteSize.format(bundle.size()) + " of " + ByteSize.format(request.trigger().maxBundleBytes())
                    + " (" + request.trigger().eventType() + "), entry response up to " + ByteSize.format(
                    EdgeTrigger.generatedResponseBytes(entryBytes.length, entryGzip.length)) + " of "
                    + ByteSize.format(request.trigger().maxGeneratedResponseBytes()) + ", CodeSha256 "
                    + bundle.codeSha256()));

            deleteRecursively(finalDirectory);
            move(staging, finalDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package " + finalDirectory, e);
        } finally {
            deleteQuietly(staging);
        }
        listener.on(DeployEvent.lifecycle("Packaged build " + buildId + " in " + finalDirectory));
        return new PackagedBuild(buildId, finalDirectory, manifest);
    }

    private static String describe(CompressionResult compressed) {
        String sizes = Stream.of(Codec.GZIP, Codec.BROTLI)
                .filter(codec -> compressed.assets().stream().anyMatch(a -> a.variant(codec).isPresent()))
                .map(codec -> ByteSize.format(compressed.bytes(codec)) + " " + codec.contentEncoding())
                .collect(Collectors.joining(", "));
        return "Compressed " + compressed.compressibleFiles() + " files (" + ByteSize.format(
                compressed.compressibleBytes()) + (sizes.isEmpty() ? "" : " → " + sizes) + "): "
                + compressed.compressions() + " variants compressed, " + compressed.reused() + " from cache";
    }

    private static List<ManifestObject> manifestObjects(BuildId buildId, CompressionResult compressed) {
        List<ManifestObject> objects = new ArrayList<>();
        for (CompressedAsset asset : compressed.assets()) {
            String key = BuildLayout.key(buildId, asset.file().name());
            String contentType = asset.file().contentType().mediaType();
            objects.add(new ManifestObject(key, asset.file().size(), asset.sha256(), contentType, null,
                    CachePolicy.IMMUTABLE));
            for (CompressedAsset.Variant variant : asset.variants()) {
                objects.add(new ManifestObject(key + variant.codec().suffix(), variant.size(), variant.sha256(),
                        contentType, variant.codec().contentEncoding(), CachePolicy.IMMUTABLE));
            }
        }
        objects.sort(Comparator.comparing(ManifestObject::key));
        return objects;
    }

    private static EdgeConfig edgeConfig(PackageRequest request, CompressedAsset entry, byte[] entryBytes,
            byte[] entryGzip, ContentTypes contentTypes) {
        EdgeConfig.Entry inlined = new EdgeConfig.Entry(entry.file().contentType().mediaType(), entry.sha256(),
                new String(entryBytes, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(entryGzip));
        List<EdgeConfig.OriginBucket> buckets = request.target().all().stream().map(EdgeConfig.OriginBucket::of)
                .toList();
        BucketTarget primary = request.target().primary();
        return new EdgeConfig(EdgeConfig.SCHEMA_VERSION, request.domain(),
                "/" + BuildLayout.ASSETS_ROOT + entry.file().name(),
                Map.of(EdgeConfig.GREEN, new EdgeConfig.Build(request.buildId().value(), inlined)),
                new EdgeConfig.Origin(request.dnsServer(), EdgeConfig.DEFAULT_LOOKUP_TIMEOUT_MS,
                        EdgeConfig.OriginBucket.of(primary), buckets),
                new EdgeConfig.Compression(request.compression().codecs().stream().map(Codec::contentEncoding)
                        .toList(), contentTypes.compressibleExtensions()),
                new EdgeConfig.Cors(request.corsAllowOrigin()));
    }

    /** Copies every object to {@code objects/<key>} and checks the copy holds the bytes the manifest promises. */
    private static void writeObjects(Path directory, BuildId buildId, CompressionResult compressed) throws IOException {
        Path objects = directory.resolve(PackagedBuild.OBJECTS_DIR);
        for (CompressedAsset asset : compressed.assets()) {
            Path identity = objects.resolve(BuildLayout.key(buildId, asset.file().name()));
            copyVerified(asset.file().path(), identity, asset.sha256());
            for (CompressedAsset.Variant variant : asset.variants()) {
                copyVerified(variant.file(), identity.resolveSibling(identity.getFileName() + variant.codec().suffix()),
                        variant.sha256());
            }
        }
    }

    private static void copyVerified(Path source, Path target, String sha256) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        if (!Sha256.hex(target).equals(sha256)) {
            throw new IllegalStateException(source + " changed while it was being packaged; run the build again");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            // Best effort: a leftover staging directory is replaced by the next run.
        }
    }
}
