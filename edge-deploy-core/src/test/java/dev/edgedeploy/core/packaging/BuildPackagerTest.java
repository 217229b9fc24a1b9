package dev.edgedeploy.core.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildPackagerTest {

    private static final BuildId BUILD = BuildId.of("20261124-a1b2c3d");
    private static final String ENTRY = "(()=>{const s=document.currentScript.src;import(s+'/../chunk.js')})();\n";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @TempDir
    Path temp;

    private Path dist;
    private final List<DeployEvent> events = new ArrayList<>();
    private final BuildPackager packager = new BuildPackager();

    @BeforeEach
    void writeDist() throws IOException {
        dist = Files.createDirectories(temp.resolve("dist"));
        Files.writeString(dist.resolve("index.js"), ENTRY);
        Files.createDirectories(dist.resolve(BUILD.value()));
        Files.writeString(dist.resolve(BUILD.value() + "/chunk.3f2a.js"), "export const x = 1;\n".repeat(50));
        Files.write(dist.resolve(BUILD.value() + "/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    private PackageRequest request(EdgeTrigger trigger, CompressionSettings compression) {
        return new PackageRequest(BUILD, dist, null, temp.resolve("target/edge-deploy"), compression, Map.of(),
                trigger, Instant.parse("2026-01-01T00:00:00Z"), "cdn.example.com",
                new DeployTarget(new BucketTarget("us-east-1", "b1"), List.of(new BucketTarget("eu-west-1", "b2"))),
                null, null);
    }

    private PackageRequest request() {
        return request(EdgeTrigger.ORIGIN_REQUEST, CompressionSettings.defaults(temp.resolve("cache")));
    }

    @Test
    void writesEveryObjectWithItsVariantsAndHeadersToTheManifest() throws IOException {
        PackagedBuild build = packager.packageBuild(request(), events::add);

        String prefix = "assets/" + BUILD + "/";
        AssetManifest manifest = build.manifest();
        assertThat(manifest.entry()).isEqualTo("index.js");
        assertThat(manifest.objects()).extracting(ManifestObject::key).containsExactly(
                prefix + BUILD + "/chunk.3f2a.js", prefix + BUILD + "/chunk.3f2a.js.br",
                prefix + BUILD + "/chunk.3f2a.js.gz", prefix + BUILD + "/logo.png",
                prefix + "index.js", prefix + "index.js.br", prefix + "index.js.gz");
        assertThat(manifest.objects()).allSatisfy(object -> {
            Path stored = build.objectFile(object);
            assertThat(object.sha256()).isEqualTo(Sha256.hex(stored));
            assertThat(object.size()).isEqualTo(Files.size(stored));
            assertThat(object.cacheControl()).isEqualTo(IMMUTABLE);
        });
        ManifestObject gz = manifest.object(prefix + "index.js.gz").orElseThrow();
        assertThat(gz.contentType()).isEqualTo("application/javascript; charset=utf-8");
        assertThat(gz.contentEncoding()).isEqualTo("gzip");
        assertThat(manifest.object(prefix + "index.js.br").orElseThrow().contentEncoding()).isEqualTo("br");
        assertThat(manifest.object(prefix + "index.js").orElseThrow().contentEncoding()).isNull();
        assertThat(manifest.object(prefix + BUILD + "/logo.png").orElseThrow().contentType()).isEqualTo("image/png");
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(build.objectFile(gz)))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ENTRY);
        }
        assertThat(PackagedBuild.read(build.directory())).isEqualTo(build);
        assertThat(events).extracting(DeployEvent::level).containsOnly(DeployEvent.Level.LIFECYCLE);
        assertThat(events).extracting(DeployEvent::message).anySatisfy(m -> assertThat(m)
                .startsWith("Compressed 2 files").contains("gzip", "br", "4 variants compressed, 0 from cache"));
    }

    @Test
    void inlinesTheEntryIntoTheBundlesConfig() throws IOException {
        PackagedBuild build = packager.packageBuild(request(), events::add);

        EdgeConfig config = edgeConfig(build);
        assertThat(config.entryPath()).isEqualTo("/assets/index.js");
        assertThat(config.domain()).isEqualTo("cdn.example.com");
        EdgeConfig.Entry entry = config.builds().get(EdgeConfig.GREEN).entry();
        assertThat(config.builds().get(EdgeConfig.GREEN).buildId()).isEqualTo(BUILD.value());
        assertThat(entry.body()).isEqualTo(ENTRY);
        assertThat(entry.sha256()).isEqualTo(Sha256.hex(ENTRY.getBytes(StandardCharsets.UTF_8)));
        ManifestObject gz = build.manifest().object("assets/" + BUILD + "/index.js.gz").orElseThrow();
        assertThat(Base64.getDecoder().decode(entry.gzipBase64())).isEqualTo(Files.readAllBytes(build.objectFile(gz)));
        assertThat(config.origin().buckets()).extracting(EdgeConfig.OriginBucket::domainName).containsExactly(
                "b1.s3.us-east-1.amazonaws.com", "b2.s3.eu-west-1.amazonaws.com");
        assertThat(config.origin().primary().bucket()).isEqualTo("b1");
        assertThat(config.compression().encodings()).containsExactly("br", "gzip");
        assertThat(config.compression().compressibleExtensions()).contains("js", "css").doesNotContain("png");
        assertThat(config.cors().allowOrigin()).isEqualTo("*");
    }

    @Test
    void storesNoBrotliVariantsAndAnnouncesNoneWhenBrotliIsOff() throws IOException {
        PackagedBuild build = packager.packageBuild(
                request(EdgeTrigger.ORIGIN_REQUEST, new CompressionSettings(9, false, 11, temp.resolve("cache"))),
                events::add);
        assertThat(build.manifest().objects()).extracting(ManifestObject::key).noneMatch(k -> k.endsWith(".br"));
        assertThat(edgeConfig(build).compression().encodings()).containsExactly("gzip");
    }

    @Test
    void repackagingTheSameInputCompressesNothingAndGivesIdenticalBytes() throws IOException {
        PackagedBuild first = packager.packageBuild(request(), events::add);
        byte[] manifest = Files.readAllBytes(first.manifestFile());
        String codeSha256 = first.bundle().codeSha256();
        Files.writeString(first.directory().resolve("objects/stale.txt"), "left from an earlier run");
        events.clear();

        PackagedBuild second = packager.packageBuild(request(), events::add);

        assertThat(events).extracting(DeployEvent::message).anySatisfy(m -> assertThat(m)
                .contains("0 variants compressed, 4 from cache"));
        assertThat(Files.readAllBytes(second.manifestFile())).isEqualTo(manifest);
        assertThat(second.bundle().codeSha256()).isEqualTo(codeSha256);
        assertThat(second.directory().resolve("objects/stale.txt")).doesNotExist();
        try (var leftovers = Files.list(second.directory().getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly(BUILD.value());
        }
    }

    @Test
    void writesNothingWhenTheInputIsInvalid() throws IOException {
        Files.writeString(dist.resolve("bad name.js"), "x");
        catchThrowableOfType(InvalidInputException.class, () -> packager.packageBuild(request(), events::add));
        assertThat(temp.resolve("target")).doesNotExist();
        assertThat(temp.resolve("cache")).doesNotExist();
    }

    @Test
    void refusesAnEntryTooBigForAViewerRequestTrigger() throws IOException {
        Files.writeString(dist.resolve("index.js"), incompressibleScript(48 * 1024));

        InvalidInputException failure = catchThrowableOfType(InvalidInputException.class, () -> packager.packageBuild(
                request(EdgeTrigger.VIEWER_REQUEST, CompressionSettings.defaults(temp.resolve("cache"))),
                events::add));

        assertThat(failure.problems()).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("index.js");
            assertThat(p.what()).contains("viewer-request trigger allows 40960 bytes", "49152 bytes as is");
            assertThat(p.fix()).contains("dynamic import()", "origin-request");
        });
        assertThat(temp.resolve("target")).doesNotExist();
    }

    @Test
    void acceptsTheSameEntryForAnOriginRequestTriggerAndASmallOneForViewerRequest() throws IOException {
        Files.writeString(dist.resolve("index.js"), incompressibleScript(48 * 1024));
        assertThat(packager.packageBuild(request(), events::add).bundleFile()).exists();

        Files.writeString(dist.resolve("index.js"), ENTRY);
        PackagedBuild small = packager.packageBuild(
                request(EdgeTrigger.VIEWER_REQUEST, CompressionSettings.defaults(temp.resolve("cache"))), events::add);
        assertThat(small.bundle().size()).isLessThan(EdgeTrigger.VIEWER_REQUEST.maxBundleBytes());
    }

    /** Random letters and digits: gzip shrinks them by only ~25 %, so the size stays near {@code length}. */
    private static String incompressibleScript(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Random random = new Random(42);
        StringBuilder script = new StringBuilder("var s='");
        while (script.length() < length - 3) {
            script.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return script.append("';\n").toString();
    }

    private static EdgeConfig edgeConfig(PackagedBuild build) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(build.bundleFile()).get()) {
            return EdgeConfig.fromJson(zip.getInputStream(zip.getEntry(EdgeConfig.FILE_NAME)).readAllBytes());
        }
    }
}
