package dev.edgedeploy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.cloudfront.CloudFrontService;
import dev.edgedeploy.sandbox.cloudwatch.CloudWatchService;
import dev.edgedeploy.sandbox.codedeploy.CodeDeployService;
import dev.edgedeploy.sandbox.edge.EdgeFront;
import dev.edgedeploy.sandbox.lambda.LambdaService;
import dev.edgedeploy.sandbox.route53.Route53Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A local AWS edge on loopback: an S3 endpoint (s3proxy 4.1, in-process) with one bucket per configured region,
 * Lambda (bundles run in Node), CloudFront (distributions, Lambda@Edge associations checked as AWS does; its data
 * plane, the {@link EdgeFront}, serves viewers from simulated edge locations), CloudWatch (alarms evaluated from
 * metrics), CodeDeploy (Lambda traffic shifts executed on the sandbox clock) and Route53 with its DNS server, each
 * speaking its real AWS wire protocol with
 * SigV4, so the product runs its exact AWS SDK calls against it with {@code endpointOverride} (path-style for S3).
 *
 * <pre>{@code
 * try (EdgeSandbox sandbox = EdgeSandbox.builder()
 *         .stateDirectory(Path.of("target/edge-sandbox"))
 *         .region("us-east-1", "edge-deploy-us-east-1")
 *         .region("eu-west-1", "edge-deploy-eu-west-1")
 *         .start()) {
 *     URI endpoint = sandbox.s3Endpoint();            // http://127.0.0.1:<port>
 *     SandboxCredentials keys = sandbox.credentials(); // fixed, not secret
 *     String bucket = sandbox.bucket("eu-west-1");
 * }
 * }</pre>
 *
 * <p><b>State on disk.</b> Objects live under {@code <state directory>/s3/} (one sub-directory per bucket, one file per
 * object), so a second sandbox opened on the same directory sees every object the first one stored; buckets are
 * created only if missing. s3proxy 4.x dropped jclouds: its {@code filesystem} provider is
 * {@link FilesystemNio2BlobStore} ("filesystem-nio2"), which keeps Content-Type, Content-Encoding, Cache-Control,
 * user metadata and checksums in <b>user extended attributes</b> of each file. A file system without user xattrs
 * (some tmpfs, overlay or network mounts) would silently drop that metadata, so the sandbox refuses such a state
 * directory at start; ext4, xfs, btrfs and APFS have them.
 *
 * <p>The control planes keep theirs beside it, each in its own sub-directory ({@link #LAMBDA_STATE},
 * {@link #CLOUDFRONT_STATE}, {@link #CLOUDWATCH_STATE}, {@link #CODEDEPLOY_STATE}, {@link #ROUTE53_STATE}), as one {@code <service>-state.json} ({@link StateFile}) rewritten
 * atomically after every accepted change: the two {@code mvn deploy} runs of a release (blue, then green), each with
 * its own in-process sandbox, see the same Lambda versions and aliases, distributions, alarms and their datapoints,
 * CodeDeploy applications, groups and deployments, hosted zones, records and health checks. A CodeDeploy deployment
 * that was shifting traffic when the sandbox stopped resumes from its last step when it starts again. A state file this sandbox cannot read fails the start with a message naming it; delete the state
 * directory to start empty. Endpoint and DNS listener ports are not state: they may change across restarts.
 * One sandbox runs on a state directory at a time: a second start on it fails naming the first, and
 * {@link RunningSandbox#on(Path)} tells another process where the running one listens, so it can use that one.
 * {@link #stateDump()} shows all of it as one JSON document.
 *
 * <p><b>Fidelity.</b> Anything the sandbox accepts that AWS rejects is a bug. The conformance tests
 * ({@code S3ConformanceTest}) pin what AWS keeps and refuses: headers and user metadata round-trip, ETag is the
 * hex MD5 of a single PUT, {@code If-None-Match: *} on PutObject and CompleteMultipartUpload answers 412 on an
 * existing key (CopyObject too, and on a source whose ETag no longer matches {@code x-amz-copy-source-if-match}),
 * a wrong {@code x-amz-checksum-sha256} answers 400 BadDigest, a missing bucket 404 NoSuchBucket.
 * Deviations of s3proxy 4.1 found and fixed here: Jetty respelled well-known Content-Types on the way out
 * ({@code text/plain; charset=utf-8} came back as {@code text/plain;charset=utf-8}); {@link ExchangeHandler}
 * restores the stored value; CopyObject ignored {@code If-None-Match: *} (AWS answers 412 on an existing destination)
 * and {@code x-amz-checksum-algorithm} (AWS computes that checksum of the copy), which {@link ObservedBlobStore}
 * now honours. Known and not fixed: the SigV4 region is not checked against the bucket's region
 * (AWS answers a wrongly-signed region with 400 AuthorizationHeaderMalformed / 301).
 *
 * <p><b>For tests.</b> {@link #s3Traffic()} counts every S3 operation per bucket and injects latency and faults on
 * chosen requests: 503 SlowDown, 500 InternalError, a connection dropped before the operation, or after it (the
 * response lost). See {@link S3Fault}. Every control plane has the same for its API operations, in its own protocol:
 * {@code lambda().traffic()}, {@code cloudFront().traffic()}, {@code cloudWatch().traffic()},
 * {@code codeDeploy().traffic()}, {@code route53().traffic()} ({@link ServiceTraffic}, {@link ServiceFault}).
 */
public final class EdgeSandbox implements AutoCloseable {

    /** The S3 state's sub-directory of the state root. */
    /**
     * The sandbox time a run reached, read by the next run: a scaled clock runs ahead of real time, and the state it
     * wrote (e.g. a function Pending "until" a time) must not lie in the next run's future.
     */
    public static final String CLOCK_STATE = "clock.txt";
    public static final String S3_STATE = "s3";
    /** The Lambda state's sub-directory of the state root: functions, versions, aliases, packages. */
    public static final String LAMBDA_STATE = "lambda";
    /** The CloudFront state's sub-directory of the state root: distributions and their propagation. */
    public static final String CLOUDFRONT_STATE = "cloudfront";
    /** The CloudWatch state's sub-directory of the state root: alarms and the datapoints of the last day. */
    public static final String CLOUDWATCH_STATE = "cloudwatch";
    /** The CodeDeploy state's sub-directory of the state root: applications, groups, configs, deployments. */
    public static final String CODEDEPLOY_STATE = "codedeploy";
    /** The Route53 state's sub-directory of the state root: hosted zones, record sets, changes, health checks. */
    public static final String ROUTE53_STATE = "route53";

    /** The access key id the sandbox accepts. Not a secret: every sandbox uses it. */
    public static final String ACCESS_KEY_ID = "edge-sandbox";
    /** The secret key the sandbox accepts. Not a secret either, but never log it: logs must not learn the habit. */
    public static final String SECRET_ACCESS_KEY = "edge-sandbox-not-a-secret";

    private static final ObjectMapper DUMP = new ObjectMapper();

    private final S3Server s3;
    private final LambdaService lambda;
    private final CloudFrontService cloudFront;
    private final CloudWatchService cloudWatch;
    private final CodeDeployService codeDeploy;
    private final Route53Service route53;
    private final EdgeFront edgeFront;
    private final ScaledClock clock;
    private final Path stateDirectory;
    private final Map<String, String> buckets;
    private final SandboxLease lease;

    private EdgeSandbox(S3Server s3, LambdaService lambda, CloudFrontService cloudFront, CloudWatchService cloudWatch,
            CodeDeployService codeDeploy, Route53Service route53, EdgeFront edgeFront, ScaledClock clock,
            Path stateDirectory, Map<String, String> buckets, SandboxLease lease) {
        this.lease = lease;
        this.edgeFront = edgeFront;
        this.s3 = s3;
        this.lambda = lambda;
        this.cloudFront = cloudFront;
        this.cloudWatch = cloudWatch;
        this.codeDeploy = codeDeploy;
        this.clock = clock;
        this.route53 = route53;
        this.stateDirectory = stateDirectory;
        this.buckets = buckets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The S3 endpoint, {@code http://127.0.0.1:<port>}: use it with path-style addressing. */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public int s3Port() {
        return s3.port();
    }

    /** Every endpoint a client needs, one per service, as {@code endpointOverride} takes them. */
    public SandboxEndpoints endpoints() {
        return new SandboxEndpoints(s3.endpoint(), lambda.endpoint(), cloudFront.endpoint(), cloudWatch.endpoint(),
                codeDeploy.endpoint(), route53.endpoint(), route53.dnsAddress());
    }

    /** The sandbox's Lambda: its endpoint, test controls, and direct invocation for the other services. */
    public LambdaService lambda() {
        return lambda;
    }

    /** The sandbox's CloudFront control plane: endpoint, propagation controls, the configs in service. */
    public CloudFrontService cloudFront() {
        return cloudFront;
    }

    /** The sandbox's CloudWatch: alarms, metrics, evaluation and failure controls. */
    public CloudWatchService cloudWatch() {
        return cloudWatch;
    }

    /** The sandbox's CodeDeploy: deployments run on {@link #clock()}; listeners and traffic history for tests. */
    public CodeDeployService codeDeploy() {
        return codeDeploy;
    }

    /** The time every service runs on: real time, or faster by the configured time scale. */
    public ScaledClock clock() {
        return clock;
    }

    /** The sandbox's Route53 and its DNS server: endpoint, edge locations, health checks. */
    public Route53Service route53() {
        return route53;
    }

    /** CloudFront's data plane: each distribution served over loopback HTTP from simulated edge locations. */
    public EdgeFront edgeFront() {
        return edgeFront;
    }

    public SandboxCredentials credentials() {
        return new SandboxCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** Region to bucket, in the order configured. */
    public Map<String, String> buckets() {
        return buckets;
    }

    /** The bucket of a configured region. */
    public String bucket(String region) {
        String bucket = buckets.get(region);
        if (bucket == null) {
            throw new IllegalArgumentException("the sandbox has no bucket in region " + region + "; it has "
                    + buckets.keySet());
        }
        return bucket;
    }

    /**
     * The state root: S3 objects under {@code s3/<bucket>/<key>}, Lambda under {@code lambda/}, CloudFront under
     * {@code cloudfront/}, CloudWatch under {@code cloudwatch/}, CodeDeploy under {@code codedeploy/}, Route53 under
     * {@code route53/}.
     */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /**
     * Every service's current state as one JSON document, for tests and for a person debugging a deploy:
     * <pre>{@code
     * {"stateDirectory": "...",
     *  "s3":         {"buckets": {"<bucket>": ["<key>", ...]}},               // keys only, sorted
     *  "lambda":     {"region", "accountId", "functions": [...versions, aliases...]},
     *  "cloudfront": {"distributions": [{"id", "status", "etag", "behaviors": [...associations...]}]},
     *  "cloudwatch": {"region", "accountId", "alarms": [...definition, state...], "metrics": [...datapoints...]},
     *  "codedeploy": {"applications", "groups", "configs", "deployments": [...status, progress...], "trafficHistory"},
     *  "route53":    {"zones": [...record sets...], "healthChecks": [...healthy...], "changes": [...status...]}}
     * }</pre>
     * Reading it is not S3 traffic ({@link #s3Traffic()} does not count it).
     */
    public JsonNode stateDump() {
        ObjectNode dump = DUMP.createObjectNode();
        dump.put("stateDirectory", stateDirectory.toString());
        ObjectNode s3Buckets = dump.putObject("s3").putObject("buckets");
        s3.keysByBucket().forEach((bucket, keys) -> {
            ArrayNode listed = s3Buckets.putArray(bucket);
            keys.forEach(listed::add);
        });
        dump.set("lambda", lambda.stateDump());
        dump.set("cloudfront", cloudFront.stateDump());
        dump.set("cloudwatch", cloudWatch.stateDump());
        dump.set("codedeploy", codeDeploy.stateDump());
        dump.set("route53", route53.stateDump());
        return dump;
    }

    /** Request counts and fault injection of the S3 endpoint. */
    public S3Traffic s3Traffic() {
        return s3.traffic();
    }

    /** Stops every service, the last started first; every service is stopped even if one fails to. */
    @Override
    public void close() {
        try {
            closeAll(edgeFront, route53, codeDeploy, cloudWatch, cloudFront, lambda, s3);
        } finally {
            try {
                writeClock(stateDirectory, clock.instant());
            } finally {
                lease.close();
            }
        }
    }

    private static Instant readClock(Path state) {
        Path file = state.resolve(CLOCK_STATE);
        Instant now = Instant.now();
        try {
            if (!Files.isRegularFile(file)) {
                return now;
            }
            Instant reached = Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
            return reached.isAfter(now) ? reached : now;
        } catch (IOException | DateTimeParseException e) {
            return now; // an unreadable clock file costs at most a wait for state that looks pending
        }
    }

    private static void writeClock(Path state, Instant reached) {
        try {
            Files.createDirectories(state);
            Files.writeString(state.resolve(CLOCK_STATE), reached.toString() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the sandbox clock in " + state, e);
        }
    }

    @Override
    public String toString() {
        return "EdgeSandbox[s3=" + s3.endpoint() + ", lambda=" + lambda.endpoint() + ", cloudfront=" + cloudFront.endpoint()
                + ", cloudwatch=" + cloudWatch.endpoint() + ", codedeploy=" + codeDeploy.endpoint() + ", route53=" + route53.endpoint()
                + ", state=" + stateDirectory + ", buckets=" + buckets + "]";
    }

    private static void closeAll(AutoCloseable... services) {
        RuntimeException failure = null;
        for (AutoCloseable service : services) {
            if (service == null) {
                continue;
            }
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("the sandbox did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Configures and starts a sandbox. */
    public static final class Builder {

        private Path stateDirectory;
        private int port;
        private Duration lambdaUpdateDelay = Duration.ofSeconds(1);
        private Duration cloudFrontPropagationDelay = Duration.ofSeconds(5);
        private double timeScale = 1;
        private int lambdaConcurrencyLimit = LambdaService.Settings.DEFAULT_CONCURRENCY_LIMIT;
        private final Map<String, String> buckets = new LinkedHashMap<>();

        private Builder() {
        }

        /** Where the buckets and objects live; created if missing, reused as it is if not. Required. */
        public Builder stateDirectory(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
            return this;
        }

        /**
         * Fixed loopback ports from {@code basePort}: S3 on it, then Lambda, CloudFront, CloudWatch and CodeDeploy on
         * the next four; 0 (the default) picks free ones. A deploy target needs fixed ports because the Lambda
         * endpoint is written into every edge bundle (its weights probe calls it): an ephemeral port would change
         * the bundle, hence its CodeSha256, on every run (G4).
         */
        public Builder basePort(int basePort) {
            if (basePort < 0 || basePort > 65535 - 4) {
                throw new IllegalArgumentException("basePort must be 0-65531, was " + basePort);
            }
            this.port = basePort;
            return this;
        }

        /** How long Lambda creations, code updates and publications stay Pending/InProgress (default 1 s). */
        public Builder lambdaUpdateDelay(Duration delay) {
            this.lambdaUpdateDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * How much faster than real time every service runs (1 = real time): with 60, a CodeDeploy
         * Linear10PercentEvery1Minute shift takes ten real seconds and delays shrink alike.
         */
        public Builder timeScale(double factor) {
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("the time scale must be at least 1, was " + factor);
            }
            this.timeScale = factor;
            return this;
        }

        /**
         * The most Node.js worker processes (execution environments, regional and Lambda@Edge together) alive at
         * once (default {@value LambdaService.Settings#DEFAULT_CONCURRENCY_LIMIT}): beyond it an idle environment is
         * stopped to make room, or Invoke is throttled when none is idle. Raise it when many edge locations stay
         * warm at once, e.g. for a {@code ViewerPanel} over several locations during a release.
         */
        public Builder lambdaConcurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("the Lambda concurrency limit must be at least 1, was " + limit);
            }
            this.lambdaConcurrencyLimit = limit;
            return this;
        }

        /** How long a distribution change stays InProgress, serving old and new configs (default 5 s). */
        public Builder cloudFrontPropagationDelay(Duration delay) {
            this.cloudFrontPropagationDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Serves {@code region} with {@code bucket}, created at start if missing. */
        public Builder region(String region, String bucket) {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(bucket, "bucket");
            if (buckets.containsValue(bucket) && !bucket.equals(buckets.get(region))) {
                throw new IllegalArgumentException("bucket " + bucket + " already serves another region: "
                        + "S3 bucket names are global, give each region its own");
            }
            buckets.put(region, bucket);
            return this;
        }

        private int portFor(int offset) {
            return port == 0 ? 0 : port + offset;
        }

        public EdgeSandbox start() {
            if (stateDirectory == null) {
                throw new IllegalStateException("the sandbox needs a stateDirectory");
            }
            Path state = stateDirectory.toAbsolutePath().normalize();
            Map<String, String> configured = Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
            SandboxLease lease = SandboxLease.acquire(state);
            S3Server s3 = null;
            LambdaService lambda = null;
            CloudFrontService cloudFront = null;
            CloudWatchService cloudWatch = null;
            CodeDeployService codeDeploy = null;
            Route53Service route53 = null;
            try {
                // each service keeps its state in its own sub-directory of the state root
                s3 = S3Server.start(state.resolve(S3_STATE), port, configured.values());
                S3Server store = s3;
                ScaledClock clock = ScaledClock.startingAt(readClock(state), timeScale);
                lambda = LambdaService.start(LambdaService.Settings.defaults(state.resolve(LAMBDA_STATE))
                        .withPort(portFor(1))
                        .withUpdateDelay(lambdaUpdateDelay)
                        .withConcurrencyLimit(lambdaConcurrencyLimit)
                        .withClock(clock)
                        .withS3Code((bucket, key, version) -> store.read(bucket, key)));
                cloudFront = CloudFrontService.start(CloudFrontService.Settings.defaults(lambda.endpoint())
                        .withPort(portFor(2))
                        .withPropagationDelay(cloudFrontPropagationDelay).withClock(clock)
                        .withStateDirectory(state.resolve(CLOUDFRONT_STATE)));
                // as on AWS, a version a distribution still uses is "replicated" and cannot be deleted
                lambda.replicationCheck(cloudFront::isReplicated);
                cloudWatch = CloudWatchService.start(CloudWatchService.Settings.defaults().withPort(portFor(3))
                        .withClock(clock).withStateDirectory(state.resolve(CLOUDWATCH_STATE)));
                codeDeploy = CodeDeployService.start(CodeDeployService.Settings.defaults(lambda.endpoint(),
                        cloudWatch.endpoint()).withPort(portFor(4)).withClock(clock)
                        .withStateDirectory(state.resolve(CODEDEPLOY_STATE)));
                route53 = Route53Service.start(Route53Service.Settings.defaults()
                        .withStateDirectory(state.resolve(ROUTE53_STATE)));
                EdgeFront edgeFront = EdgeFront.start(cloudFront, lambda, route53, s3.endpoint(), ACCESS_KEY_ID,
                        SECRET_ACCESS_KEY, configured, clock);
                EdgeSandbox sandbox = new EdgeSandbox(s3, lambda, cloudFront, cloudWatch, codeDeploy, route53,
                        edgeFront, clock, state, configured, lease);
                lease.publish(sandbox.endpoints(), configured);
                return sandbox;
            } catch (IOException | RuntimeException e) {
                try {
                    closeAll(route53, codeDeploy, cloudWatch, cloudFront, lambda, s3, lease);
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw new IllegalStateException("cannot start the sandbox with state in " + state + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
