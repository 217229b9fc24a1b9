package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.LoopbackHttp;
import dev.edgedeploy.sandbox.ScaledClock;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The sandbox's AWS CodeDeploy for the Lambda compute platform: the JSON 1.1 API of SDK v2's {@code CodeDeployClient}
 * (applications, deployment groups, deployment configurations, deployments, stop, lifecycle hook reports) whose
 * deployments really run: on a {@link ScaledClock} they invoke hooks and shift the alias of the sandbox Lambda, and
 * watch the sandbox CloudWatch's alarms, through the real SDK clients.
 *
 * <pre>{@code
 * ScaledClock clock = ScaledClock.startingNow(600);               // a CodeDeploy minute lasts 100 ms
 * try (CodeDeployService codeDeploy = CodeDeployService.start(
 *         CodeDeployService.Settings.defaults(lambda.endpoint(), cloudWatch.endpoint()).withClock(clock))) {
 *     codeDeploy.addListener(listener);                           // act at an exact traffic step
 *     List<TrafficShift> steps = codeDeploy.trafficHistory(deploymentId);
 * }
 * }</pre>
 */
public final class CodeDeployService implements AutoCloseable {

    private static final StaticCredentialsProvider SERVICE_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDCODEDEPLOYSANDBOX", "codedeploy-sandbox-service-role"));

    private final HttpServer server;
    private final ExecutorService requests;
    private final ExecutorService runs;
    private final LambdaClient lambda;
    private final CloudWatchClient cloudWatch;
    private final ScaledClock clock;
    private final List<DeploymentListener> listeners;
    private final List<TrafficShift> history;
    private final ServiceTraffic traffic;
    private final CodeDeployControlPlane controlPlane;

    /**
     * How the service runs.
     *
     * @param region the region it serves, and where it calls Lambda and CloudWatch
     * @param port the loopback port, 0 for any free one
     * @param lambdaEndpoint the Lambda whose aliases deployments shift and whose hook functions they invoke
     * @param cloudWatchEndpoint the CloudWatch whose alarms deployments watch
     * @param clock sandbox time: intervals, the one-hour hook timeout and every timestamp run on it
     * @param stateDirectory where applications, deployment groups, custom configurations, deployments and the
     *     traffic history are kept across restarts ({@code codedeploy-state.json}); null keeps them in memory only.
     *     A deployment that was running when the service stopped resumes at the next start (see
     *     {@link #start(Settings)})
     */
    public record Settings(String region, int port, URI lambdaEndpoint, URI cloudWatchEndpoint, ScaledClock clock,
            Path stateDirectory) {

        public Settings {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
            Objects.requireNonNull(cloudWatchEndpoint, "cloudWatchEndpoint");
            Objects.requireNonNull(clock, "clock");
        }

        /** us-east-1, any free port, real time. */
        public static Settings defaults(URI lambdaEndpoint, URI cloudWatchEndpoint) {
            return new Settings("us-east-1", 0, lambdaEndpoint, cloudWatchEndpoint, ScaledClock.realTime(), null);
        }

        public Settings withRegion(String value) {
            return new Settings(value, port, lambdaEndpoint, cloudWatchEndpoint, clock, stateDirectory);
        }

        public Settings withPort(int value) {
            return new Settings(region, value, lambdaEndpoint, cloudWatchEndpoint, clock, stateDirectory);
        }

        public Settings withClock(ScaledClock value) {
            return new Settings(region, port, lambdaEndpoint, cloudWatchEndpoint, value, stateDirectory);
        }

        /** Keeps CodeDeploy's state in {@code directory} (created on the first change); null keeps it in memory. */
        public Settings withStateDirectory(Path directory) {
            return new Settings(region, port, lambdaEndpoint, cloudWatchEndpoint, clock, directory);
        }
    }

    private CodeDeployService(HttpServer server, ExecutorService requests, ExecutorService runs, LambdaClient lambda,
            CloudWatchClient cloudWatch, ScaledClock clock, List<DeploymentListener> listeners,
            List<TrafficShift> history, ServiceTraffic traffic, CodeDeployControlPlane controlPlane) {
        this.traffic = traffic;
        this.controlPlane = controlPlane;
        this.server = server;
        this.requests = requests;
        this.runs = runs;
        this.lambda = lambda;
        this.cloudWatch = cloudWatch;
        this.clock = clock;
        this.listeners = listeners;
        this.history = history;
    }

    /**
     * Starts the endpoint on loopback, with the state stored in the state directory, if any. A deployment that was
     * InProgress when the last service stopped goes on from its last recorded traffic step, as AWS would have gone
     * on with it (the alias's weights are Lambda's state, stored with it); see {@link DeploymentRun}.
     *
     * @throws IllegalStateException when the stored state cannot be used (the message names the file and the fix)
     */
    public static CodeDeployService start(Settings settings) {
        Region region = Region.of(settings.region());
        LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(settings.lambdaEndpoint())
                .region(region)
                .credentialsProvider(SERVICE_CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        CloudWatchClient cloudWatch = CloudWatchClient.builder()
                .endpointOverride(settings.cloudWatchEndpoint())
                .region(region)
                .credentialsProvider(SERVICE_CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        ExecutorService requests = Executors.newCachedThreadPool(daemon("codedeploy-sandbox"));
        ExecutorService runs = Executors.newCachedThreadPool(daemon("codedeploy-sandbox-deployment"));
        List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
        List<TrafficShift> history = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        CodeDeployControlPlane controlPlane = new CodeDeployControlPlane(json, settings.clock(),
                (deployment, plane) -> runs.execute(new DeploymentRun(deployment, plane, lambda, cloudWatch,
                        settings.clock(), listeners, history::add)),
                settings.region(), StateFile.in(settings.stateDirectory(), "codedeploy",
                        CodeDeployState.SCHEMA_VERSION, CodeDeployState.class), history);
        try {
            controlPlane.restore();
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
            ServiceTraffic traffic = CodeDeployApi.newTraffic();
            server.createContext("/", new CodeDeployApi(controlPlane, settings.region(), json, traffic));
            server.setExecutor(requests);
            server.start();
            return new CodeDeployService(server, requests, runs, lambda, cloudWatch, settings.clock(), listeners,
                    history, traffic, controlPlane);
        } catch (IOException | RuntimeException e) {
            requests.shutdownNow();
            runs.shutdownNow();
            lambda.close();
            cloudWatch.close();
            if (e instanceof RuntimeException failure) {
                throw failure;
            }
            throw new UncheckedIOException("cannot start the sandbox CodeDeploy on loopback", (IOException) e);
        }
    }

    /**
     * Request counts per API operation ({@code CreateDeployment}, …) and fault injection: latency, 400 ThrottlingException or 500 InternalFailure on chosen requests.
     */
    public ServiceTraffic traffic() {
        return traffic;
    }

    /** The endpoint to give the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    /** The service's time. */
    public ScaledClock clock() {
        return clock;
    }

    /** Test control: observes deployments from now on (callbacks run on the deployment's thread). */
    public void addListener(DeploymentListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(DeploymentListener listener) {
        listeners.remove(listener);
    }

    /** Every alias change the deployment made, in order (rollback included). */
    public List<TrafficShift> trafficHistory(String deploymentId) {
        List<TrafficShift> shifts = new ArrayList<>();
        for (TrafficShift shift : history) {
            if (shift.deploymentId().equals(deploymentId)) {
                shifts.add(shift);
            }
        }
        return shifts;
    }

    /**
     * CodeDeploy's state as stored: {@code applications}, {@code groups}, custom {@code configs},
     * {@code deployments} (status, error, rollback links, progress) and the {@code trafficHistory}.
     */
    public JsonNode stateDump() {
        return controlPlane.stateDump();
    }

    /** Stops the service; a running deployment stays InProgress in the stored state and resumes at the next start. */
    @Override
    public void close() {
        controlPlane.stopPersisting();
        server.stop(0);
        runs.shutdownNow();
        requests.shutdownNow();
        try {
            runs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lambda.close();
        cloudWatch.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
