package dev.edgedeploy.sandbox.route53;

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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local Route53 on loopback: the REST-XML API at {@link #endpoint()} (for the AWS SDK's {@code endpointOverride})
 * and authoritative name servers answering from its hosted zones, one UDP listener per simulated viewer region.
 *
 * <pre>{@code
 * try (Route53Service route53 = Route53Service.start(Route53Service.Settings.defaults())) {
 *     Route53Client client = Route53Client.builder().endpointOverride(route53.endpoint()) ... .build();
 *     InetSocketAddress dublin = route53.addEdgeLocation("DUB56-P1", "eu-west-1");
 *     route53.setHealthCheckHealthy(healthCheckId, false);
 * }
 * }</pre>
 */
public final class Route53Service implements AutoCloseable {

    private final Route53Account account;
    private final HttpServer http;
    private final ExecutorService executor;
    private final DnsServer dns;
    private final InetSocketAddress defaultDnsAddress;
    private final Map<String, InetSocketAddress> edgeLocations = new LinkedHashMap<>();
    private final ServiceTraffic traffic;

    /**
     * How the service behaves.
     *
     * @param propagationDelay how long GetChange reports a change PENDING before INSYNC (the DNS answers reflect a
     *     change at once); {@link Duration#ZERO} lets waiters finish on their first poll
     * @param defaultViewerRegion the region of viewers asking {@link #dnsAddress()}
     * @param stateDirectory where zones, record sets, changes and health checks are kept across restarts
     *     ({@code route53-state.json}); null keeps them in memory only
     */
    public record Settings(Duration propagationDelay, String defaultViewerRegion, Path stateDirectory) {

        public Settings {
            Objects.requireNonNull(propagationDelay, "propagationDelay");
            Objects.requireNonNull(defaultViewerRegion, "defaultViewerRegion");
            if (propagationDelay.isNegative()) {
                throw new IllegalArgumentException("propagationDelay must not be negative: " + propagationDelay);
            }
            if (!RegionProximity.isKnown(defaultViewerRegion)) {
                throw new IllegalArgumentException("unknown viewer region " + defaultViewerRegion);
            }
        }

        /** No propagation delay; viewers of the default listener are in us-east-1; state in memory. */
        public static Settings defaults() {
            return new Settings(Duration.ZERO, "us-east-1", null);
        }

        public Settings withPropagationDelay(Duration delay) {
            return new Settings(delay, defaultViewerRegion, stateDirectory);
        }

        public Settings withDefaultViewerRegion(String region) {
            return new Settings(propagationDelay, region, stateDirectory);
        }

        /** Keeps Route53's state in {@code directory} (created on the first change); null keeps it in memory. */
        public Settings withStateDirectory(Path directory) {
            return new Settings(propagationDelay, defaultViewerRegion, directory);
        }
    }

    private Route53Service(Route53Account account, HttpServer http, ExecutorService executor, DnsServer dns,
            InetSocketAddress defaultDnsAddress, ServiceTraffic traffic) {
        this.traffic = traffic;
        this.account = account;
        this.http = http;
        this.executor = executor;
        this.dns = dns;
        this.defaultDnsAddress = defaultDnsAddress;
    }

    /**
     * Starts the API and the default DNS listener on ephemeral loopback ports, with the zones, changes and health
     * checks stored in the state directory, if any. Listener ports are not kept: after a restart the default listener
     * and every edge location (added again with {@link #addEdgeLocation}) may answer on other ports, from the same
     * zones.
     *
     * @throws IllegalStateException when the stored state cannot be used (the message names the file and the fix)
     */
    public static Route53Service start(Settings settings) {
        Route53Account account = new Route53Account(Clock.systemUTC(), settings.propagationDelay(),
                StateFile.in(settings.stateDirectory(), "route53", Route53State.SCHEMA_VERSION, Route53State.class));
        account.restore();
        DnsServer dns = new DnsServer(new DnsResponder(account));
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "route53-api");
            thread.setDaemon(true);
            return thread;
        });
        try {
            InetSocketAddress dnsAddress = dns.listen(settings.defaultViewerRegion(), "default");
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ServiceTraffic traffic = Route53Api.newTraffic();
            http.createContext("/", new Route53Api(account, traffic));
            http.setExecutor(executor);
            http.start();
            return new Route53Service(account, http, executor, dns, dnsAddress, traffic);
        } catch (IOException e) {
            dns.close();
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the sandbox Route53 API on loopback", e);
        } catch (RuntimeException e) {
            dns.close();
            executor.shutdownNow();
            throw e;
        }
    }

    /**
     * Request counts per API operation ({@code ChangeResourceRecordSets}, …) and fault injection: latency, 400
     * Throttling or 400 PriorRequestNotComplete on chosen requests.
     */
    public ServiceTraffic traffic() {
        return traffic;
    }

    /** The API endpoint, e.g. {@code http://127.0.0.1:49152}, for {@code Route53Client.builder().endpointOverride}. */
    public URI endpoint() {
        return LoopbackHttp.endpoint(http);
    }

    /** The name server for viewers of the default region. */
    public InetSocketAddress dnsAddress() {
        return defaultDnsAddress;
    }

    /**
     * Gives an edge location its own name server address, answering as Route53 answers viewers in
     * {@code viewerRegion}. Asking again for the same edge location returns the same address.
     */
    public synchronized InetSocketAddress addEdgeLocation(String edgeLocation, String viewerRegion) {
        Objects.requireNonNull(edgeLocation, "edgeLocation");
        InetSocketAddress existing = edgeLocations.get(edgeLocation);
        if (existing != null) {
            return existing;
        }
        InetSocketAddress address = dns.listen(viewerRegion, edgeLocation);
        edgeLocations.put(edgeLocation, address);
        return address;
    }

    /** The name server addresses of the edge locations added so far. */
    public synchronized Map<String, InetSocketAddress> edgeLocations() {
        return Map.copyOf(edgeLocations);
    }

    /**
     * Test control: what Route53's checkers observe for a health check from now on (new health checks are
     * healthy). Inverted and Disabled settings still apply on top, as in Route53.
     *
     * @throws IllegalArgumentException for an unknown health check id
     */
    public void setHealthCheckHealthy(String healthCheckId, boolean healthy) {
        try {
            account.observe(healthCheckId, healthy);
        } catch (Route53Error e) {
            throw new IllegalArgumentException("no health check " + healthCheckId, e);
        }
    }

    /** Test control: every change submitted so far reports INSYNC from now on, whatever the propagation delay. */
    public void propagateChanges() {
        account.propagateChanges();
    }

    /**
     * Route53's state as a JSON document for tests and for a person debugging a deploy: {@code zones} (id, name,
     * caller reference, every record set), {@code healthChecks} (settings, observed and effective {@code healthy})
     * and {@code changes} (with their {@code status} now).
     */
    public JsonNode stateDump() {
        return account.stateDump();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        dns.close();
    }
}
