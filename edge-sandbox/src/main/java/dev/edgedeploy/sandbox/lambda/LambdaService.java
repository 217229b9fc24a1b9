package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.LoopbackHttp;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.StateFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The sandbox's AWS Lambda: a REST-JSON endpoint on loopback for the AWS SDK's Lambda client (functions,
 * versions, aliases with routing, asynchronous code updates) whose Invoke runs each version's bundle in warm
 * Node.js workers. Closing it stops the server and every worker process. Functions, versions and aliases are
 * kept in the work directory: a service started again on the same directory continues where the last one
 * stopped.
 */
public final class LambdaService implements AutoCloseable {

    private static final String HARNESS = "lambda-runtime.mjs";

    private final HttpServer server;
    private final ExecutorService executor;
    private final WorkerPool pool;
    private final LambdaControlPlane controlPlane;
    private final FunctionInvoker invoker;
    private final URI endpoint;
    private final ServiceTraffic traffic;

    private LambdaService(HttpServer server, ExecutorService executor, WorkerPool pool,
            LambdaControlPlane controlPlane, FunctionInvoker invoker, URI endpoint, ServiceTraffic traffic) {
        this.traffic = traffic;
        this.invoker = invoker;
        this.server = server;
        this.executor = executor;
        this.pool = pool;
        this.controlPlane = controlPlane;
        this.endpoint = endpoint;
    }

    /**
     * How the service runs.
     *
     * @param region the one region it serves (signatures scoped elsewhere are refused)
     * @param accountId the 12-digit account in every ARN
     * @param workDirectory where packages are stored and unpacked
     * @param port the loopback port, 0 for any free one
     * @param updateDelay how long creations, code updates and new versions stay Pending/InProgress
     * @param credentials what functions receive as their execution role's credentials
     * @param nodeCommand the Node.js executable
     * @param concurrencyLimit the most worker processes alive at once; beyond it Invoke is throttled
     * @param routing the random source of alias weighted routing (seed it for reproducible tests)
     * @param replicationCheck whether a qualified version ARN is replicated by CloudFront (then not deletable)
     * @param s3Code where {@code Code.S3Bucket}/{@code S3Key} packages are read
     * @param clock the time of LastModified and of the pending windows
     */
    public record Settings(String region, String accountId, Path workDirectory, int port, Duration updateDelay,
            WorkerCredentials credentials, String nodeCommand, int concurrencyLimit, RandomGenerator routing,
            Predicate<String> replicationCheck, S3CodeSource s3Code, Clock clock) {

        public Settings {
            Objects.requireNonNull(region, "region");
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
            }
            Objects.requireNonNull(workDirectory, "workDirectory");
            if (updateDelay == null || updateDelay.isNegative()) {
                throw new IllegalArgumentException("updateDelay must be zero or positive: " + updateDelay);
            }
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(nodeCommand, "nodeCommand");
            if (concurrencyLimit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be at least 1: " + concurrencyLimit);
            }
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(replicationCheck, "replicationCheck");
            Objects.requireNonNull(s3Code, "s3Code");
            Objects.requireNonNull(clock, "clock");
        }

        /** The default bound on live worker processes. */
        public static final int DEFAULT_CONCURRENCY_LIMIT = 8;

        /**
         * us-east-1, account 123456789012, any free port, a 1 s update delay, sandbox credentials, {@code node} from
         * the PATH, {@value #DEFAULT_CONCURRENCY_LIMIT} workers, unseeded routing, nothing replicated, no S3 code.
         */
        public static Settings defaults(Path workDirectory) {
            return new Settings("us-east-1", "123456789012", workDirectory, 0, Duration.ofSeconds(1),
                    WorkerCredentials.sandbox(), "node", DEFAULT_CONCURRENCY_LIMIT, new Random(), arn -> false,
                    S3CodeSource.none(),
                    Clock.systemUTC());
        }

        public Settings withRegion(String value) {
            return new Settings(value, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, s3Code, clock);
        }

        public Settings withPort(int value) {
            return new Settings(region, accountId, workDirectory, value, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, s3Code, clock);
        }

        public Settings withUpdateDelay(Duration value) {
            return new Settings(region, accountId, workDirectory, port, value, credentials, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, s3Code, clock);
        }

        public Settings withCredentials(WorkerCredentials value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, value, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, s3Code, clock);
        }

        public Settings withNodeCommand(String value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, value,
                    concurrencyLimit, routing, replicationCheck, s3Code, clock);
        }

        public Settings withConcurrencyLimit(int value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    value, routing, replicationCheck, s3Code, clock);
        }

        public Settings withRouting(RandomGenerator value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, value, replicationCheck, s3Code, clock);
        }

        public Settings withReplicationCheck(Predicate<String> value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, routing, value, s3Code, clock);
        }

        public Settings withS3Code(S3CodeSource value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, value, clock);
        }

        public Settings withClock(Clock value) {
            return new Settings(region, accountId, workDirectory, port, updateDelay, credentials, nodeCommand,
                    concurrencyLimit, routing, replicationCheck, s3Code, value);
        }
    }

    /** Starts the endpoint on loopback. */
    public static LambdaService start(Settings settings) throws IOException {
        Path work = settings.workDirectory();
        Path runtimeDirectory = work.resolve("runtime");
        Files.createDirectories(runtimeDirectory);
        Path harness = runtimeDirectory.resolve(HARNESS);
        try (InputStream in = LambdaService.class.getResourceAsStream(HARNESS)) {
            if (in == null) {
                throw new IllegalStateException(HARNESS + " is missing from the sandbox jar");
            }
            Files.copy(in, harness, StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectMapper json = new ObjectMapper();
        CodeStore codeStore = new CodeStore(work.resolve("code"));
        AtomicReference<URI> endpointHolder = new AtomicReference<>();
        LambdaControlPlane controlPlane = new LambdaControlPlane(settings.region(), settings.accountId(), codeStore,
                settings.clock(), json, code -> endpointHolder.get() + "/sandbox/code/" + hex(code) + ".zip",
                settings.s3Code(), settings.updateDelay(), settings.replicationCheck(), settings.routing(),
                StateFile.in(work, "lambda", LambdaState.SCHEMA_VERSION, LambdaState.class));
        controlPlane.restore();
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per call. The property is read once, when the JDK loads its server configuration.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        URI endpoint = LoopbackHttp.endpoint(server);
        endpointHolder.set(endpoint);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "lambda-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        WorkerPool pool = new WorkerPool(settings.nodeCommand(), harness, settings.concurrencyLimit());
        FunctionInvoker invoker = new FunctionInvoker(pool, runtimeDirectory, settings.region(),
                settings.credentials(), json, settings.clock(), executor);
        ServiceTraffic traffic = LambdaHttpApi.newTraffic();
        server.createContext("/", new LambdaHttpApi(controlPlane, invoker, codeStore, json, traffic));
        server.setExecutor(executor);
        server.start();
        return new LambdaService(server, executor, pool, controlPlane, invoker, endpoint, traffic);
    }

    /**
     * Request counts per API operation ({@code UpdateAlias}, {@code Invoke}, …) and fault injection: latency,
     * 429 TooManyRequestsException or 500 ServiceException on chosen requests.
     */
    public ServiceTraffic traffic() {
        return traffic;
    }

    /** The endpoint to give the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return controlPlane.region();
    }

    public String accountId() {
        return controlPlane.accountId();
    }

    /** The function's unqualified ARN in this sandbox. */
    public String functionArn(String functionName) {
        return controlPlane.functionArn(functionName);
    }

    /**
     * The version a function name or ARN names (qualified by number, {@code $LATEST}, or an alias, which resolves
     * to its primary version); empty when no such function or version exists or the name is malformed.
     */
    public Optional<VersionDescription> describe(String functionNameOrArn) {
        try {
            return controlPlane.describe(controlPlane.reference(functionNameOrArn, null,
                    FunctionReference.Form.NAMESPACED));
        } catch (LambdaApiException e) {
            return Optional.empty();
        }
    }

    /**
     * Invokes synchronously in-process (RequestResponse), exactly as the Invoke API would, for sandbox services
     * that run functions themselves, such as the edge front running a Lambda@Edge version on CloudFront events.
     *
     * @param functionNameOrArn a name or ARN, optionally qualified by version, {@code $LATEST} or alias
     * @throws LambdaApiException what the Invoke API would answer as an error (unknown function, throttling, …)
     */
    public InvocationResult invoke(String functionNameOrArn, byte[] payload) throws InterruptedException {
        FunctionReference reference = controlPlane.reference(functionNameOrArn, null,
                FunctionReference.Form.NAMESPACED);
        return invoker.invoke(controlPlane.invocationTarget(reference), payload, "RequestResponse", false);
    }

    /**
     * Every function as the sandbox stores it ({@code lambda-state.json}): settings, code SHA-256 (hex), $LATEST,
     * numbered versions with their Pending/Active bookkeeping, aliases with routing, tags. For tests and for a person
     * debugging a deploy.
     */
    public JsonNode stateDump() {
        return controlPlane.stateDump();
    }

    /**
     * Invokes a Lambda@Edge replica synchronously: like {@link #invoke(String, byte[])}, in the execution
     * environments of the replica's edge location (see {@link EdgeReplica}).
     */
    public InvocationResult invoke(String functionNameOrArn, byte[] payload, EdgeReplica replica)
            throws InterruptedException {
        Objects.requireNonNull(replica, "replica");
        FunctionReference reference = controlPlane.reference(functionNameOrArn, null,
                FunctionReference.Form.NAMESPACED);
        return invoker.invoke(controlPlane.invocationTarget(reference), payload, "RequestResponse", false, replica);
    }

    /** Changes how long later creations, code updates and publications stay Pending/InProgress. */
    public void updateDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("updateDelay must be zero or positive: " + delay);
        }
        controlPlane.updateDelay(delay);
    }

    /** Installs the check, e.g. the CloudFront sandbox's, that says a version ARN is still replicated. */
    public void replicationCheck(Predicate<String> isReplicated) {
        controlPlane.replicationCheck(Objects.requireNonNull(isReplicated, "isReplicated"));
    }

    /** Worker processes alive now, idle or busy. */
    public int liveWorkers() {
        return pool.liveWorkers();
    }

    /** Worker processes serving an invocation now. */
    public int busyWorkers() {
        return pool.busyWorkers();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hex(CodePackage code) {
        return HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(code.sha256()));
    }

}
