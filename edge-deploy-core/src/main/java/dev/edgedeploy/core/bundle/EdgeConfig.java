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
 * @param release how a released version learns its alias's weights (schema 2); null for a package-only bundle,
 *     which always serves green and never probes
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EdgeConfig(int schemaVersion, String domain, String entryPath, Map<String, Build> builds,
        Origin origin, Compression compression, Cors cors,
        @JsonInclude(JsonInclude.Include.NON_NULL) Release release) {

    /** The packaged bundle's schema: green only, no release. */
    public static final int SCHEMA_VERSION = 1;
    /** The released bundle's schema: green, blue when there is one, and the release section. */
    public static final int RELEASE_SCHEMA_VERSION = 2;
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

    /** A package-only config (schema 1): no release section. */
    public EdgeConfig(int schemaVersion, String domain, String entryPath, Map<String, Build> builds, Origin origin,
            Compression compression, Cors cors) {
        this(schemaVersion, domain, entryPath, builds, origin, compression, cors, null);
    }

    /** This build as green. */
    public Build green() {
        Build green = builds.get(GREEN);
        if (green == null) {
            throw new IllegalStateException("the edge config has no green build: " + builds.keySet());
        }
        return green;
    }

    /**
     * The config a released version carries (schema 2): this config's green, {@code blue} (the build live when the
     * version is published; null on the first release) and the release section. Deterministic: the same inputs give
     * the same bytes, so an unchanged release publishes nothing.
     */
    public EdgeConfig forRelease(Build blue, Release releaseSettings) {
        Objects.requireNonNull(releaseSettings, "releaseSettings");
        Map<String, Build> roles = new TreeMap<>();
        roles.put(GREEN, green());
        if (blue != null) {
            roles.put(BLUE, blue);
        }
        return new EdgeConfig(RELEASE_SCHEMA_VERSION, domain, entryPath, roles, origin, compression, cors,
                releaseSettings);
    }

    /**
     * How a version's containers learn the alias weights (design: "the edge follows the alias").
     *
     * @param functionName the edge function
     * @param alias the alias CodeDeploy shifts, {@code live}
     * @param region the function's region, us-east-1
     * @param lambdaEndpoint where the weights probe invokes the function (AWS's regional endpoint, or the sandbox's;
     *     must be stable across runs so an unchanged release renders the same bytes)
     * @param refreshSeconds how often a container refreshes the weights at most (jittered)
     * @param aliasCacheSeconds how long the regional invocation caches GetAlias
     * @param cloudWatchEndpoint where the beacon endpoint writes client errors (PutMetricData, us-east-1); null: the
     *     version neither prepends the error beacon to entries nor answers beacons. Stable across runs, like
     *     {@code lambdaEndpoint}
     * @param weightsBucket the primary bucket, whose object {@code _edge-deploy/weights/<function>-<alias>.json} is the
     *     GetAlias cache shared by every regional container; null: each container keeps its own (older bundles)
     * @param s3Endpoint where the regional invocation reads and writes that object (AWS's us-east-1 S3 endpoint, or
     *     the sandbox's; stable across runs like {@code lambdaEndpoint}); null exactly when {@code weightsBucket} is
     */
    public record Release(String functionName, String alias, String region, String lambdaEndpoint,
            int refreshSeconds, int aliasCacheSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cloudWatchEndpoint,
            @JsonInclude(JsonInclude.Include.NON_NULL) String weightsBucket,
            @JsonInclude(JsonInclude.Include.NON_NULL) String s3Endpoint) {

        public Release {
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
            if (refreshSeconds < 1 || aliasCacheSeconds < 0) {
                throw new IllegalArgumentException("refreshSeconds must be >= 1 and aliasCacheSeconds >= 0, were "
                        + refreshSeconds + " and " + aliasCacheSeconds);
            }
            if ((weightsBucket == null) != (s3Endpoint == null)) {
                throw new IllegalArgumentException("weightsBucket and s3Endpoint go together, were " + weightsBucket
                        + " and " + s3Endpoint);
            }
        }

        /** A release whose regional containers each keep their own GetAlias cache. */
        public Release(String functionName, String alias, String region, String lambdaEndpoint, int refreshSeconds,
                int aliasCacheSeconds, String cloudWatchEndpoint) {
            this(functionName, alias, region, lambdaEndpoint, refreshSeconds, aliasCacheSeconds, cloudWatchEndpoint,
                    null, null);
        }

        /** This section with the regional containers sharing their GetAlias cache in {@code bucket}. */
        public Release sharingWeightsIn(String bucket, String endpoint) {
            return new Release(functionName, alias, region, lambdaEndpoint, refreshSeconds, aliasCacheSeconds,
                    cloudWatchEndpoint, Objects.requireNonNull(bucket, "bucket"),
                    Objects.requireNonNull(endpoint, "endpoint"));
        }

        /** A release that reports no client errors. */
        public Release(String functionName, String alias, String region, String lambdaEndpoint, int refreshSeconds,
                int aliasCacheSeconds) {
            this(functionName, alias, region, lambdaEndpoint, refreshSeconds, aliasCacheSeconds, null);
        }
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
