package dev.edgedeploy.sandbox.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.LoopbackHttp;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The sandbox's Amazon CloudFront control plane: a REST-XML endpoint on loopback for the AWS SDK's CloudFront
 * client (distributions with cache behaviors and Lambda@Edge associations, ETag / If-Match, InProgress then
 * Deployed after a propagation delay), which validates each associated function by asking the sandbox Lambda,
 * and a read API for the edge front: which configurations viewers may meet while a change propagates.
 *
 * <pre>{@code
 * try (LambdaService lambda = LambdaService.start(...);
 *      CloudFrontService cloudFront = CloudFrontService.start(Settings.defaults(lambda.endpoint()))) {
 *     lambda.replicationCheck(cloudFront::isReplicated);
 *     CloudFrontClient client = CloudFrontClient.builder().endpointOverride(cloudFront.endpoint()) ... .build();
 * }
 * }</pre>
 */
public final class CloudFrontService implements AutoCloseable {

    private static final ObjectMapper DUMP = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final LambdaClient lambda;
    private final DistributionRegistry registry;

    /**
     * How the service runs.
     *
     * @param accountId the 12-digit account in distribution ARNs
     * @param port the loopback port, 0 for any free one
     * @param propagationDelay how long a created or updated distribution stays InProgress before Deployed;
     *     {@link Duration#ZERO} deploys at once
     * @param clock the time source of LastModifiedTime and of propagation (a controllable clock in tests)
     * @param lambdaEndpoint the us-east-1 Lambda endpoint CloudFront asks about associated function versions
     * @param stateDirectory where distributions are kept across restarts ({@code cloudfront-state.json}); null keeps
     *     them in memory only
     */
    public record Settings(String accountId, int port, Duration propagationDelay, Clock clock, URI lambdaEndpoint,
            Path stateDirectory) {

        public Settings {
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
            }
            requireValidDelay(propagationDelay);
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        }

        /** Account 123456789012, any free port, no propagation delay, the system clock, state in memory. */
        public static Settings defaults(URI lambdaEndpoint) {
            return new Settings("123456789012", 0, Duration.ZERO, Clock.systemUTC(), lambdaEndpoint, null);
        }

        public Settings withAccountId(String value) {
            return new Settings(value, port, propagationDelay, clock, lambdaEndpoint, stateDirectory);
        }

        public Settings withPort(int value) {
            return new Settings(accountId, value, propagationDelay, clock, lambdaEndpoint, stateDirectory);
        }

        public Settings withPropagationDelay(Duration value) {
            return new Settings(accountId, port, value, clock, lambdaEndpoint, stateDirectory);
        }

        public Settings withClock(Clock value) {
            return new Settings(accountId, port, propagationDelay, value, lambdaEndpoint, stateDirectory);
        }

        /** Keeps distributions in {@code directory} (created on the first change); null keeps them in memory. */
        public Settings withStateDirectory(Path directory) {
            return new Settings(accountId, port, propagationDelay, clock, lambdaEndpoint, directory);
        }
    }

    private final ServiceTraffic traffic;

    private CloudFrontService(HttpServer server, ExecutorService executor, LambdaClient lambda,
            DistributionRegistry registry, ServiceTraffic traffic) {
        this.traffic = traffic;
        this.server = server;
        this.executor = executor;
        this.lambda = lambda;
        this.registry = registry;
    }

    /**
     * Starts the endpoint on loopback, with the distributions stored in the state directory, if any. A change that
     * was InProgress when the last service stopped is Deployed now if its propagation deadline has passed.
     *
     * @throws IllegalStateException when the stored state cannot be used (the message names the file and the fix)
     */
    public static CloudFrontService start(Settings settings) {
        DistributionRegistry registry = new DistributionRegistry(settings.accountId(), settings.clock(),
                settings.propagationDelay(), new SecureRandom(), StateFile.in(settings.stateDirectory(), "cloudfront",
                        CloudFrontState.SCHEMA_VERSION, CloudFrontState.class));
        registry.restore();
        // The sandbox Lambda checks that requests are signed, not by whom: these keys open nothing.
        LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(settings.lambdaEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDCLOUDFRONTSANDBOX", "cloudfront-sandbox")))
                .httpClient(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cloudfront-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
            ServiceTraffic traffic = CloudFrontApi.newTraffic();
            server.createContext("/", new CloudFrontApi(registry, new EdgeFunctionCheck(lambda), traffic));
            server.setExecutor(executor);
            server.start();
            return new CloudFrontService(server, executor, lambda, registry, traffic);
        } catch (IOException e) {
            executor.shutdownNow();
            lambda.close();
            throw new UncheckedIOException("cannot start the sandbox CloudFront API on loopback", e);
        }
    }

    /**
     * Request counts per API operation ({@code UpdateDistribution}, …) and fault injection: latency, 400 Throttling or 503 ServiceUnavailable on chosen requests.
     */
    public ServiceTraffic traffic() {
        return traffic;
    }

    /** The endpoint for {@code CloudFrontClient.builder().endpointOverride}, e.g. {@code http://127.0.0.1:49152}. */
    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    /** Changes how long later creations and updates stay InProgress. */
    public void propagationDelay(Duration delay) {
        requireValidDelay(delay);
        registry.propagationDelay(delay);
    }

    /** Test control: every change accepted so far is Deployed from now on, whatever the propagation delay. */
    public void propagateChanges() {
        registry.propagateChanges();
    }

    /**
     * The distribution as viewers meet it now: its current configuration and, while a change propagates, the
     * configurations it replaces.
     *
     * @throws IllegalArgumentException for an unknown distribution id
     */
    public DistributionSnapshot snapshot(String distributionId) {
        try {
            return registry.get(distributionId);
        } catch (CloudFrontError e) {
            throw new IllegalArgumentException("no distribution " + distributionId, e);
        }
    }

    /** The configurations a viewer of the distribution may meet now, oldest first, the current one last. */
    public List<DistributionConfig> configsInService(String distributionId) {
        return snapshot(distributionId).configsInService();
    }

    /** Every distribution, ordered by id. */
    public List<DistributionSnapshot> distributions() {
        return registry.list();
    }

    /**
     * Whether a function version is replicated to the edge: associated with a configuration of any distribution
     * that viewers may still meet. Give it to {@code LambdaService.replicationCheck}, so that Lambda refuses to
     * delete such a version as AWS does.
     */
    public boolean isReplicated(String versionArn) {
        return registry.isReplicated(versionArn);
    }

    /**
     * Every distribution as a JSON document for tests and for a person debugging a deploy: id, domain name, status,
     * ETag, timestamps, caller reference, comment, enabled, origins, each behavior's path pattern, origin and
     * Lambda@Edge associations, and how many configurations viewers may meet now.
     */
    public JsonNode stateDump() {
        ObjectNode dump = DUMP.createObjectNode();
        ArrayNode all = dump.putArray("distributions");
        for (DistributionSnapshot distribution : distributions()) {
            DistributionConfig config = distribution.current();
            ObjectNode entry = all.addObject().put("id", distribution.id()).put("arn", distribution.arn())
                    .put("domainName", distribution.domainName()).put("status", distribution.status())
                    .put("etag", distribution.etag()).put("lastModified", distribution.lastModified().toString())
                    .put("deployedAt", distribution.deployedAt().toString())
                    .put("callerReference", config.callerReference()).put("comment", config.comment())
                    .put("enabled", config.enabled()).put("configsInService", distribution.configsInService().size());
            ArrayNode origins = entry.putArray("origins");
            config.origins().forEach(origin -> origins.addObject().put("id", origin.id())
                    .put("domainName", origin.domainName()).put("originPath", origin.originPath()));
            ArrayNode behaviors = entry.putArray("behaviors");
            for (CacheBehavior behavior : config.allBehaviors()) {
                ObjectNode each = behaviors.addObject().put("pathPattern", behavior.pathPattern())
                        .put("targetOriginId", behavior.targetOriginId());
                ArrayNode associations = each.putArray("lambdaAssociations");
                behavior.lambdaAssociations().forEach(association -> associations.addObject()
                        .put("eventType", association.eventType().wireName())
                        .put("lambdaFunctionArn", association.lambdaFunctionArn())
                        .put("includeBody", association.includeBody()));
            }
        }
        return dump;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        lambda.close();
    }

    private static void requireValidDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("propagationDelay must be zero or positive: " + delay);
        }
    }
}
