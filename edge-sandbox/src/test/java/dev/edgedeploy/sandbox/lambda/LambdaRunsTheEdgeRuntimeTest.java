package dev.edgedeploy.sandbox.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** The product's own Lambda@Edge handler (module edge-runtime) runs in the sandbox's Node workers. */
class LambdaRunsTheEdgeRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY = "/* widget entry */\nconsole.log('widget');\n";

    @Test
    void servesTheInlinedEntryFromAPublishedVersion(@TempDir Path work) throws Exception {
        try (LambdaSandbox sandbox = LambdaSandbox.start(work, settings -> settings)) {
            sandbox.create("edge", edgeBundle("20261124-a1b2c3d"), r -> r.publish(true).timeout(5));
            SdkBytes event = SdkBytes.fromUtf8String(originRequest("/assets/index.js"));

            InvokeResponse response = sandbox.lambda.invoke(r -> r.functionName("edge").qualifier("1").payload(event));

            assertThat(response.functionError()).isNull();
            JsonNode generated = JSON.readTree(response.payload().asByteArray());
            assertThat(generated.path("status").asText()).isEqualTo("200");
            assertThat(generated.path("headers").path("edge-deploy-build").get(0).path("value").asText())
                    .isEqualTo("20261124-a1b2c3d");
            assertThat(generated.path("body").asText()).isEqualTo(ENTRY);
        }
    }

    /** The runtime's files from the edge-runtime jar plus a schema-1 edge-config.json, as the packager lays them out. */
    private static SdkBytes edgeBundle(String buildId) throws IOException {
        Map<String, String> files = new HashMap<>();
        for (String name : runtimeFileNames()) {
            files.put(name, resource("META-INF/edge-runtime/" + name));
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("schemaVersion", 1);
        config.put("domain", "cdn.example.com");
        config.put("entryPath", "/assets/index.js");
        ObjectNode green = config.putObject("builds").putObject("green");
        green.put("buildId", buildId);
        ObjectNode entry = green.putObject("entry");
        entry.put("contentType", "application/javascript; charset=utf-8");
        entry.put("body", ENTRY);
        entry.put("gzipBase64", Base64.getEncoder().encodeToString(gzip(ENTRY)));
        ObjectNode origin = config.putObject("origin");
        origin.putNull("dnsServer");
        ObjectNode primary = origin.putObject("primary");
        primary.put("region", "us-east-1");
        primary.put("bucket", "b1");
        primary.put("domainName", "b1.s3.us-east-1.amazonaws.com");
        origin.putArray("buckets").add(primary.deepCopy());
        ObjectNode compression = config.putObject("compression");
        compression.putArray("encodings").add("gzip");
        compression.putArray("compressibleExtensions").add("js");
        config.putObject("cors").put("allowOrigin", "*");
        files.put("edge-config.json", JSON.writeValueAsString(config));
        return Bundles.zip(files);
    }

    private static String originRequest(String uri) throws IOException {
        ObjectNode cf = JSON.createObjectNode();
        ObjectNode eventConfig = cf.putObject("config");
        eventConfig.put("distributionDomainName", "d111111abcdef8.cloudfront.net");
        eventConfig.put("distributionId", "EDFDVBD6EXAMPLE");
        eventConfig.put("eventType", "origin-request");
        eventConfig.put("requestId", "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==");
        ObjectNode request = cf.putObject("request");
        request.put("clientIp", "203.0.113.178");
        request.put("method", "GET");
        request.put("uri", uri);
        request.put("querystring", "");
        ObjectNode headers = request.putObject("headers");
        headers.putArray("host").addObject().put("key", "Host").put("value", "b1.s3.us-east-1.amazonaws.com");
        ObjectNode s3 = request.putObject("origin").putObject("s3");
        s3.put("authMethod", "origin-access-identity");
        s3.putObject("customHeaders");
        s3.put("domainName", "b1.s3.us-east-1.amazonaws.com");
        s3.put("path", "");
        s3.put("region", "us-east-1");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").addObject().set("cf", cf);
        return JSON.writeValueAsString(event);
    }

    /** The edge-runtime's files, wherever its resources are: a jar, or target/classes in a reactor build. */
    private static List<String> runtimeFileNames() throws IOException {
        URL index = LambdaRunsTheEdgeRuntimeTest.class.getClassLoader().getResource("META-INF/edge-runtime/index.mjs");
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

    private static String resource(String name) throws IOException {
        try (InputStream in = LambdaRunsTheEdgeRuntimeTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test classpath (edge-runtime)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
