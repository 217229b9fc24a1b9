package dev.edgedeploy.sandbox.edge;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated viewers of one distribution: each asks for the same path (by default the widget's entry,
 * {@value #DEFAULT_PATH}) through the sandbox's {@link EdgeFront}, in process, and {@link #sample()} answers which
 * build ({@value #BUILD_HEADER} response header) each one got. For tests and benchmarks that check what viewers
 * see while a release shifts traffic, e.g. that the green share follows the alias weight.
 *
 * <p><b>Viewers.</b> Distinct IPv4 addresses drawn from the public unicast space (private, shared, loopback,
 * link-local, documentation, benchmarking, multicast and reserved ranges excluded) by a seeded generator: the same
 * seed and count give the same viewers in every run, so a hash-based assignment gives the same split. Viewer
 * {@code i} is served by edge location {@code i mod L} of the panel's {@code L} locations.
 *
 * <p><b>Concurrency.</b> At most {@code concurrency} requests are in flight, and at most
 * {@code ceil(concurrency / L)} at any one edge location: viewers of a location are split into that many lanes,
 * each asking in order. A Lambda@Edge environment serves one request at a time, so a location never needs more
 * warm environments than its lanes: a panel sampled again and again meets the same warm environments and
 * starts no new cold ones (a cold one knows no alias weights yet). The default concurrency is one lane per
 * location.
 *
 * <pre>{@code
 * front.edgeLocation("FRA56-P5", "eu-central-1");
 * ViewerPanel panel = ViewerPanel.builder(front, distributionId).viewers(1000).build();  // every location
 * ViewerSample sample = panel.sample();
 * double green = sample.share("b2");
 * }</pre>
 */
public final class ViewerPanel {

    /** The widget's never-cached entry, the path whose answer names the build. */
    public static final String DEFAULT_PATH = "/assets/index.js";
    /** The response header naming the build a viewer got. */
    public static final String BUILD_HEADER = "edge-deploy-build";
    public static final int DEFAULT_VIEWERS = 1000;
    public static final long DEFAULT_SEED = 1;

    /** IANA special-purpose IPv4 blocks (RFC 6890 and later) and multicast/reserved: never a viewer's address. */
    private static final long[][] NOT_PUBLIC = {
        block(0, 0, 0, 0, 8), block(10, 0, 0, 0, 8), block(100, 64, 0, 0, 10), block(127, 0, 0, 0, 8),
        block(169, 254, 0, 0, 16), block(172, 16, 0, 0, 12), block(192, 0, 0, 0, 24), block(192, 0, 2, 0, 24),
        block(192, 88, 99, 0, 24), block(192, 168, 0, 0, 16), block(198, 18, 0, 0, 15),
        block(198, 51, 100, 0, 24), block(203, 0, 113, 0, 24), block(224, 0, 0, 0, 3),
    };

    private final EdgeFront front;
    private final String distributionId;
    private final String path;
    private final Map<String, String> headers;
    private final List<Viewer> viewers;
    private final List<String> edgeLocations;
    private final int concurrency;
    private final Clock clock;

    private ViewerPanel(Builder builder, List<String> edgeLocations) {
        this.front = builder.front;
        this.distributionId = builder.distributionId;
        this.path = builder.path;
        this.headers = Map.copyOf(builder.headers);
        this.edgeLocations = List.copyOf(edgeLocations);
        this.concurrency = builder.concurrency == 0 ? edgeLocations.size() : builder.concurrency;
        this.clock = builder.clock;
        List<String> addresses = publicAddresses(builder.viewers, builder.seed);
        List<Viewer> all = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            all.add(new Viewer(addresses.get(i), edgeLocations.get(i % edgeLocations.size())));
        }
        this.viewers = List.copyOf(all);
    }

    /** A panel of {@value #DEFAULT_VIEWERS} viewers of {@code distributionId} over every edge location of the front. */
    public static Builder builder(EdgeFront front, String distributionId) {
        return new Builder(front, distributionId);
    }

    /** The viewers, in the order of every sample's answers. */
    public List<Viewer> viewers() {
        return viewers;
    }

    /** The edge locations the viewers are spread over, in round-robin order. */
    public List<String> edgeLocations() {
        return edgeLocations;
    }

    public String distributionId() {
        return distributionId;
    }

    /** At most this many requests in flight during a sample. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Every viewer asks once; answers when all have been answered.
     *
     * @throws IllegalArgumentException the distribution or an edge location is unknown to the front
     * @throws InterruptedException interrupted while waiting; the requests in flight are cancelled
     */
    public ViewerSample sample() throws InterruptedException {
        ViewerSample.Answer[] answers = new ViewerSample.Answer[viewers.size()];
        List<int[]> lanes = lanes();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, lanes.size())),
                task -> {
                    Thread thread = new Thread(task, "viewer-panel-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Instant startedAt = clock.instant();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int[] lane : lanes) {
                running.add(executor.submit(() -> {
                    for (int index : lane) {
                        answers[index] = ask(viewers.get(index));
                    }
                    return null;
                }));
            }
            for (Future<?> lane : running) {
                lane.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("a viewer's request failed", e.getCause());
        } finally {
            executor.shutdownNow();
        }
        return new ViewerSample(List.of(answers), startedAt, clock.instant());
    }

    private ViewerSample.Answer ask(Viewer viewer) throws InterruptedException {
        ViewerRequest request = viewer.get(path);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        ViewerResponse response = front.request(distributionId, request);
        return new ViewerSample.Answer(viewer, response.status(), response.header(BUILD_HEADER),
                response.header("x-amz-cf-pop"), clock.instant());
    }

    /** Viewer indexes per lane: each location's viewers dealt round-robin into its lanes. */
    private List<int[]> lanes() {
        int perLocation = Math.max(1, (concurrency + edgeLocations.size() - 1) / edgeLocations.size());
        List<List<Integer>> lanes = new ArrayList<>();
        for (int i = 0; i < edgeLocations.size() * perLocation; i++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < viewers.size(); i++) {
            int location = i % edgeLocations.size();
            int lane = (i / edgeLocations.size()) % perLocation;
            lanes.get(location * perLocation + lane).add(i);
        }
        return lanes.stream().filter(lane -> !lane.isEmpty())
                .map(lane -> lane.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** {@code count} distinct public unicast IPv4 addresses, the same for the same seed. */
    static List<String> publicAddresses(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> drawn = new LinkedHashSet<>();
        while (drawn.size() < count) {
            long address = random.nextLong(1L << 32);
            long last = address & 0xFF;
            // .0 and .255 are valid but look like network and broadcast addresses in a log
            if (last != 0 && last != 255 && isPublic(address)) {
                drawn.add(address);
            }
        }
        return drawn.stream().map(ViewerPanel::dotted).toList();
    }

    private static boolean isPublic(long address) {
        for (long[] block : NOT_PUBLIC) {
            if ((address & block[1]) == block[0]) {
                return false;
            }
        }
        return true;
    }

    /** {network, mask} of a CIDR block. */
    private static long[] block(int a, int b, int c, int d, int prefix) {
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new long[] {((long) a << 24 | b << 16 | c << 8 | d) & mask, mask};
    }

    private static String dotted(long address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
                + (address & 0xFF);
    }

    /** Configures a panel; every setting has a default. */
    public static final class Builder {

        private final EdgeFront front;
        private final String distributionId;
        private int viewers = DEFAULT_VIEWERS;
        private long seed = DEFAULT_SEED;
        private List<String> edgeLocations;
        private String path = DEFAULT_PATH;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int concurrency;
        private Clock clock = Clock.systemUTC();

        private Builder(EdgeFront front, String distributionId) {
            this.front = Objects.requireNonNull(front, "front");
            this.distributionId = Objects.requireNonNull(distributionId, "distributionId");
        }

        /** How many viewers (default {@value ViewerPanel#DEFAULT_VIEWERS}). */
        public Builder viewers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a panel needs at least one viewer: " + count);
            }
            this.viewers = count;
            return this;
        }

        /** The seed of the viewers' addresses (default {@value ViewerPanel#DEFAULT_SEED}). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The edge locations to spread viewers over, round-robin; default every location of the front. */
        public Builder edgeLocations(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a panel needs at least one edge location");
            }
            this.edgeLocations = List.copyOf(names);
            return this;
        }

        /** The path (and query) every viewer asks for (default {@value ViewerPanel#DEFAULT_PATH}). */
        public Builder path(String pathAndQuery) {
            if (!pathAndQuery.startsWith("/")) {
                throw new IllegalArgumentException("the path must start with /: " + pathAndQuery);
            }
            this.path = pathAndQuery;
            return this;
        }

        /** A request header every viewer sends, e.g. {@code Accept-Encoding: gzip, br}. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** At most this many requests in flight (default: one per edge location). */
        public Builder concurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + value);
            }
            this.concurrency = value;
            return this;
        }

        /** The clock of the samples' instants (default the system's). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @throws IllegalArgumentException an edge location the front does not have */
        public ViewerPanel build() {
            List<String> known = front.edgeLocations().stream().map(EdgeLocation::name).toList();
            List<String> names = edgeLocations == null ? known : edgeLocations;
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("the edge front has no location " + name + "; add it with "
                            + "EdgeFront.edgeLocation(name, viewerRegion). Known: " + known);
                }
            }
            return new ViewerPanel(this, names);
        }
    }
}
