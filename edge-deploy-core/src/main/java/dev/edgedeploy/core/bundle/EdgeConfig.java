package dev.edgedeploy.core.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgedeploy.core.upload.BucketTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The generated {@code edge-config.json} the Node.js handlers read: everything they need, since Lambda@Edge has
 * no environment variables. The field names are the contract with {@code edge-runtime}.
 *
 * @param schemaVersion format version
 * @param domain the CDN domain host pages load from, e.g. {@code cdn.example.com}
 * @param entryPath the entry's URL path, {@code /assets/<entry name>}, loaded by host pages forever
 * @param builds the builds this version can serve, by role ({@code green}, later {@code blue})
 * @param origin where asset cache misses are sent
 * @param compression the stored variants
 * @param cors the Access-Control-Allow-Origin answer
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EdgeConfig(int schemaVersion, String domain, String entryPath, Map<String, Build> builds,
        Origin origin, Compression compression, Cors cors) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "edge-config.json";
    public static final String GREEN = "green";
    public static final String BLUE = "blue";
    public static final int DEFAULT_LOOKUP_TIMEOUT_MS = 500;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public EdgeConfig {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(entryPath, "entryPath");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(cors, "cors");
        builds = Map.copyOf(new TreeMap<>(builds));
    }

    /**
     * One build's inlined entry.
     *
     * @param buildId the build
     * @param entry the entry file's response
     */
    public record Build(String buildId, Entry entry) {
    }

    /**
     * The entry file as the handler answers it.
     *
     * @param contentType its Content-Type
     * @param sha256 hex SHA-256 of the identity bytes (an ETag source)
     * @param body the identity bytes as UTF-8 text, for viewers without gzip
     * @param gzipBase64 base64 of the gzip variant's bytes, for viewers accepting gzip
     */
    public record Entry(String contentType, String sha256, String body, String gzipBase64) {
    }

    /**
     * @param dnsServer {@code host:port} of the resolver for the latency record; null for the system resolver
     * @param lookupTimeoutMs how long the handler waits for that lookup before using the primary
     * @param primary the us-east-1 bucket, the fallback
     * @param buckets every bucket, primary first
     */
    public record Origin(String dnsServer, int lookupTimeoutMs, OriginBucket primary, List<OriginBucket> buckets) {

        public Origin {
            buckets = List.copyOf(buckets);
        }
    }

    /** A bucket as a CloudFront S3 origin names it. */
    public record OriginBucket(String region, String bucket, String domainName) {

        public static OriginBucket of(BucketTarget target) {
            return new OriginBucket(target.region(), target.bucket(), target.domainName());
        }
    }

    /**
     * @param encodings the Content-Encodings stored, in order of preference ({@code br}, {@code gzip})
     * @param compressibleExtensions the extensions that have those variants
     */
    public record Compression(List<String> encodings, List<String> compressibleExtensions) {

        public Compression {
            encodings = List.copyOf(encodings);
            compressibleExtensions = List.copyOf(compressibleExtensions);
        }
    }

    public record Cors(String allowOrigin) {
    }

    /** Canonical bytes: sorted properties, two-space indent, {@code \n} line ends on every OS, final newline. */
    public byte[] toJson() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (MAPPER.writer(printer).writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the edge config", e);
        }
    }

    public static EdgeConfig fromJson(byte[] json) {
        try {
            return MAPPER.readValue(json, EdgeConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an edge config: " + e.getMessage(), e);
        }
    }
}
