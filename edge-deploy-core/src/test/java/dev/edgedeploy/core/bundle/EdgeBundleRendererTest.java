package dev.edgedeploy.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.upload.BucketTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeBundleRendererTest {

    private static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    static EdgeConfig config(String entryBody) {
        BucketTarget b1 = new BucketTarget("us-east-1", "b1");
        BucketTarget b2 = new BucketTarget("eu-west-1", "b2");
        return new EdgeConfig(EdgeConfig.SCHEMA_VERSION, "cdn.example.com", "/assets/index.js",
                Map.of(EdgeConfig.GREEN, new EdgeConfig.Build("20261124-a1b2c3d",
                        new EdgeConfig.Entry("application/javascript; charset=utf-8", "ab12", entryBody, "H4sI"))),
                new EdgeConfig.Origin(null, EdgeConfig.DEFAULT_LOOKUP_TIMEOUT_MS, EdgeConfig.OriginBucket.of(b1),
                        List.of(EdgeConfig.OriginBucket.of(b1), EdgeConfig.OriginBucket.of(b2))),
                new EdgeConfig.Compression(List.of("br", "gzip"), List.of("css", "js")),
                new EdgeConfig.Cors("*"));
    }

    private static EdgeRuntimeFiles runtime() {
        return new EdgeRuntimeFiles(new TreeMap<>(Map.of(
                "index.mjs", "export const handler = async () => ({});\n".getBytes(StandardCharsets.UTF_8),
                "lib/weights.mjs", "export const weights = {};\n".getBytes(StandardCharsets.UTF_8),
                "a-first.mjs", "export {};\n".getBytes(StandardCharsets.UTF_8))));
    }

    private EdgeBundle render(String name) {
        return new EdgeBundleRenderer(runtime()).render(config("console.log('hi');"), OUTPUT_TIMESTAMP,
                temp.resolve(name));
    }

    @Test
    void rendersTheSameBytesAndCodeSha256Twice() throws IOException {
        EdgeBundle first = render("one.zip");
        EdgeBundle second = render("two.zip");

        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(second.codeSha256()).isEqualTo(first.codeSha256());
        assertThat(first.codeSha256()).isEqualTo(java.util.Base64.getEncoder()
                .encodeToString(Sha256.digest(Files.readAllBytes(first.file()))));
        assertThat(first.size()).isEqualTo(Files.size(first.file()));
    }

    @Test
    void rendersTheSameBytesInEveryTimeZone() throws IOException {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            byte[] east = Files.readAllBytes(render("east.zip").file());
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            byte[] west = Files.readAllBytes(render("west.zip").file());
            assertThat(west).isEqualTo(east);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void writesSortedEntriesWithMode0644TheUtcWallClockAndNoExtraFields() throws IOException {
        EdgeBundle bundle = render("bundle.zip");
        List<String> names = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(bundle.file()).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                names.add(entry.getName());
                assertThat(entry.getUnixMode()).as(entry.getName()).isEqualTo(0100644);
                assertThat(entry.getExtraFields(true)).as(entry.getName()).isEmpty();
                assertThat(entry.getLocalFileDataExtra()).as(entry.getName()).isEmpty();
                assertThat(entry.getMethod()).isEqualTo(ZipArchiveEntry.DEFLATED);
                assertThat(LocalDateTime.ofInstant(entry.getLastModifiedDate().toInstant(),
                        TimeZone.getDefault().toZoneId())).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0));
            }
        }
        assertThat(names).containsExactly("a-first.mjs", "edge-config.json", "index.mjs", "lib/weights.mjs");
    }

    @Test
    void clampsTimestampsBefore1980ToTheFirstDosTime() throws IOException {
        EdgeBundle bundle = new EdgeBundleRenderer(runtime()).render(config("x"), Instant.EPOCH, temp.resolve("b.zip"));
        try (ZipFile zip = ZipFile.builder().setPath(bundle.file()).get()) {
            ZipArchiveEntry entry = zip.getEntry("index.mjs");
            assertThat(entry.getExtraFields(true)).isEmpty();
            assertThat(LocalDateTime.ofInstant(entry.getLastModifiedDate().toInstant(),
                    TimeZone.getDefault().toZoneId())).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0));
        }
    }

    @Test
    void putsTheGeneratedConfigAtTheRootInTheContractShape() throws IOException {
        EdgeBundle bundle = render("bundle.zip");
        byte[] json;
        try (ZipFile zip = ZipFile.builder().setPath(bundle.file()).get()) {
            json = zip.getInputStream(zip.getEntry(EdgeConfig.FILE_NAME)).readAllBytes();
        }
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("domain").asText()).isEqualTo("cdn.example.com");
        assertThat(root.get("entryPath").asText()).isEqualTo("/assets/index.js");
        JsonNode entry = root.at("/builds/green/entry");
        assertThat(root.at("/builds/green/buildId").asText()).isEqualTo("20261124-a1b2c3d");
        assertThat(entry.get("contentType").asText()).isEqualTo("application/javascript; charset=utf-8");
        assertThat(entry.get("body").asText()).isEqualTo("console.log('hi');");
        assertThat(entry.has("sha256")).isTrue();
        assertThat(entry.has("gzipBase64")).isTrue();
        assertThat(root.at("/origin/dnsServer").isNull()).isTrue();
        assertThat(root.at("/origin/lookupTimeoutMs").asInt()).isEqualTo(500);
        assertThat(root.at("/origin/primary/domainName").asText()).isEqualTo("b1.s3.us-east-1.amazonaws.com");
        assertThat(root.at("/origin/buckets/1/region").asText()).isEqualTo("eu-west-1");
        assertThat(root.at("/compression/encodings").toString()).isEqualTo("[\"br\",\"gzip\"]");
        assertThat(root.at("/cors/allowOrigin").asText()).isEqualTo("*");
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\r").endsWith("}\n");
        assertThat(EdgeConfig.fromJson(json)).isEqualTo(config("console.log('hi');"));
    }

    @Test
    void readsTheRuntimeFromATestClasspathDirectory() {
        EdgeRuntimeFiles runtime = EdgeRuntimeFiles.fromClasspath();
        assertThat(runtime.files()).containsKey(EdgeRuntimeFiles.HANDLER_FILE);
    }

    @Test
    void readsTheRuntimeFromInsideAJar() throws IOException {
        Path jar = temp.resolve("edge-runtime.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "META-INF/edge-runtime/index.mjs", "export const handler = 1;\n");
            put(out, "META-INF/edge-runtime/lib/origin.mjs", "export {};\n");
            put(out, "META-INF/other/ignored.txt", "no");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            EdgeRuntimeFiles runtime = EdgeRuntimeFiles.fromClasspath(loader);
            assertThat(runtime.files().keySet()).containsExactly("index.mjs", "lib/origin.mjs");
            assertThat(new String(runtime.files().get("index.mjs"), StandardCharsets.UTF_8))
                    .isEqualTo("export const handler = 1;\n");
        }
    }

    private static void put(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
