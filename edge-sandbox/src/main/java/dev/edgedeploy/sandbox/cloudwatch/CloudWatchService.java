package dev.edgedeploy.sandbox.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox's Amazon CloudWatch: metric alarms and metric data over the AWS Query protocol that SDK v2's
 * {@code CloudWatchClient} speaks (PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState, PutMetricData), with
 * alarms evaluated against the published datapoints on the settings' clock.
 *
 * <pre>{@code
 * try (CloudWatchService cloudWatch = CloudWatchService.start(CloudWatchService.Settings.defaults())) {
 *     CloudWatchClient client = CloudWatchClient.builder().endpointOverride(cloudWatch.endpoint()) ... .build();
 *     cloudWatch.evaluateAlarms();                                  // "the next evaluation" happens now
 *     cloudWatch.failDescribeAlarms(AlarmReadFailure.ACCESS_DENIED); // callers must fail closed
 * }
 * }</pre>
 */
public final class CloudWatchService implements AutoCloseable {

    private static final long TICK_MILLIS = 20;

    private final CloudWatchAccount account;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean automaticEvaluation;
    private final ServiceTraffic traffic;

    /**
     * How the service runs.
     *
     * @param region the region it serves (requests signed for another are refused)
     * @param accountId the 12-digit account in alarm ARNs
     * @param port the loopback port, 0 for any free one
     * @param clock the time of datapoints without a timestamp, of state changes and of alarm evaluation (give it a
     *     scaled clock to make minutes pass in milliseconds)
     * @param automaticEvaluation whether alarms are evaluated on their own schedule (once per minute, or per period
     *     when shorter, on the clock); when off, only {@link #evaluateAlarms()} evaluates them
     * @param stateDirectory where alarms (configuration, state, evaluation schedule) and the datapoints of the last
     *     day are kept across restarts ({@code cloudwatch-state.json}); null keeps them in memory only
     */
    public record Settings(String region, String accountId, int port, Clock clock, boolean automaticEvaluation,
            Path stateDirectory) {

        public Settings {
            Objects.requireNonNull(region, "region");
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
            }
            Objects.requireNonNull(clock, "clock");
        }

        /** us-east-1, account 123456789012, any free port, the system clock, automatic evaluation. */
        public static Settings defaults() {
            return new Settings("us-east-1", "123456789012", 0, Clock.systemUTC(), true, null);
        }

        public Settings withRegion(String value) {
            return new Settings(value, accountId, port, clock, automaticEvaluation, stateDirectory);
        }

        public Settings withPort(int value) {
            return new Settings(region, accountId, value, clock, automaticEvaluation, stateDirectory);
        }

        public Settings withClock(Clock value) {
            return new Settings(region, accountId, port, value, automaticEvaluation, stateDirectory);
        }

        public Settings withAutomaticEvaluation(boolean value) {
            return new Settings(region, accountId, port, clock, value, stateDirectory);
        }

        /** Keeps CloudWatch's state in {@code directory} (created on the first change); null keeps it in memory. */
        public Settings withStateDirectory(Path directory) {
            return new Settings(region, accountId, port, clock, automaticEvaluation, directory);
        }
    }

    private CloudWatchService(CloudWatchAccount account, HttpServer server, ExecutorService executor,
            ScheduledExecutorService ticker, AtomicBoolean automaticEvaluation, ServiceTraffic traffic) {
        this.traffic = traffic;
        this.account = account;
        this.server = server;
        this.executor = executor;
        this.ticker = ticker;
        this.automaticEvaluation = automaticEvaluation;
    }

    /** Starts the endpoint on loopback. */
    public static CloudWatchService start(Settings settings) {
        CloudWatchAccount account = new CloudWatchAccount(settings.region(), settings.accountId(), settings.clock(),
                StateFile.in(settings.stateDirectory(), "cloudwatch", CloudWatchState.SCHEMA_VERSION,
                        CloudWatchState.class));
        account.restore();
        ExecutorService executor = Executors.newCachedThreadPool(daemon("cloudwatch-sandbox"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                daemon("cloudwatch-sandbox-evaluation"));
        AtomicBoolean automatic = new AtomicBoolean(settings.automaticEvaluation());
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
            ServiceTraffic traffic = CloudWatchApi.newTraffic();
            server.createContext("/", new CloudWatchApi(account, traffic));
            server.setExecutor(executor);
            server.start();
            ticker.scheduleWithFixedDelay(() -> {
                if (automatic.get()) {
                    account.evaluateDue();
                }
            }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            return new CloudWatchService(account, server, executor, ticker, automatic, traffic);
        } catch (IOException e) {
            executor.shutdownNow();
            ticker.shutdownNow();
            throw new UncheckedIOException("cannot start the sandbox CloudWatch on loopback", e);
        }
    }

    /**
     * Request counts per API operation ({@code DescribeAlarms}, …) and fault injection: latency, 400 Throttling or 503 ServiceUnavailable on chosen requests.
     */
    public ServiceTraffic traffic() {
        return traffic;
    }

    /** The endpoint to give the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    public String region() {
        return account.region();
    }

    /** Test control: evaluates every alarm now against the datapoints published so far. */
    public void evaluateAlarms() {
        account.evaluateAll();
    }

    /** Test control: turns evaluation on the alarms' own schedule on or off. */
    public void automaticEvaluation(boolean enabled) {
        automaticEvaluation.set(enabled);
    }

    /**
     * The alarm's current state value, {@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}.
     *
     * @throws IllegalArgumentException for an unknown alarm
     */
    public String alarmState(String alarmName) {
        return account.state(alarmName).value();
    }

    /**
     * CloudWatch's state as stored: {@code region}, {@code accountId}, {@code alarms} (definition, state, evaluation
     * slot) and {@code metrics} with the datapoints an alarm can still look at.
     */
    public JsonNode stateDump() {
        return account.stateDump();
    }

    /** Test control: DescribeAlarms fails this way until {@link #restoreDescribeAlarms()}. */
    public void failDescribeAlarms(AlarmReadFailure failure) {
        account.failDescribeAlarms(Objects.requireNonNull(failure, "failure"));
    }

    /** Test control: DescribeAlarms answers again. */
    public void restoreDescribeAlarms() {
        account.failDescribeAlarms(null);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
