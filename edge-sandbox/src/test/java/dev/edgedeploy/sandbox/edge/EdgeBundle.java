package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A Lambda@Edge bundle laid out as the packager lays it out: the edge-runtime's files plus an edge-config.json. */
final class EdgeBundle {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "cdn.example.com";
    static final String ENTRY_PATH = "/assets/index.js";

    private EdgeBundle() {
    }

    /**
     * The zip for one build.
     *
     * @param buckets region to bucket, the first one primary
     * @param adjust a last change to the config (e.g. to break it)
     */
    static byte[] zip(String buildId, String entry, Map<String, String> buckets, Consumer<ObjectNode> adjust) {
        try {
            Map<String, byte[]> files = new TreeMap<>();
            for (String name : runtimeFileNames()) {
                files.put(name, resource("META-INF/edge-runtime/" + name));
            }
            ObjectNode config = JSON.createObjectNode();
            config.put("schemaVersion", 1);
            config.put("domain", DOMAIN);
            config.put("entryPath", ENTRY_PATH);
            ObjectNode green = config.putObject("builds").putObject("green");
            green.put("buildId", buildId);
            ObjectNode entryNode = green.putObject("entry");
            entryNode.put("contentType", "application/javascript; charset=utf-8");
            entryNode.put("body", entry);
            entryNode.put("gzipBase64", Base64.getEncoder().encodeToString(gzip(entry.getBytes(StandardCharsets.UTF_8))));
            ObjectNode origin = config.putObject("origin");
            origin.putNull("dnsServer");
            origin.put("lookupTimeoutMs", 2000);
            ArrayNode all = origin.putArray("buckets");
            buckets.forEach((region, bucket) -> {
                ObjectNode node = all.addObject();
                node.put("region", region);
                node.put("bucket", bucket);
                node.put("domainName", bucket + ".s3." + region + ".amazonaws.com");
                if (!origin.has("primary")) {
                    origin.set("primary", node.deepCopy());
                }
            });
            ObjectNode compression = config.putObject("compression");
            compression.putArray("encodings").add("br").add("gzip");
            compression.putArray("compressibleExtensions").add("js").add("css");
            config.putObject("cors").put("allowOrigin", "*");
            adjust.accept(config);
            files.put("edge-config.json", JSON.writeValueAsBytes(config));
            return zip(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The edge-runtime's files, wherever its resources are: a jar, or target/classes in a reactor build. */
    private static List<String> runtimeFileNames() throws IOException {
        URL index = EdgeBundle.class.getClassLoader().getResource("META-INF/edge-runtime/index.mjs");
        assertThat(index).as("the edge-runtime on the test classpath").isNotNull();
        try {
            URI directory = URI.create(index.toURI().toString().replaceFirst("index\\.mjs$", ""));
            if ("jar".equals(directory.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(directory, Map.of())) {
                    return names(jar.provider().getPath(directory));
                }
            }
            return names(Path.of(directory));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EdgeBundle.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test classpath (edge-runtime)").isNotNull();
            return in.readAllBytes();
        }
    }
}
