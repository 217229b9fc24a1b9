package dev.edgedeploy.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a sandbox control plane (Lambda, CloudFront, CloudWatch, CodeDeploy, Route53) was asked to do, per operation,
 * and the latency and failures it is told to answer with: the same shape as {@link S3Traffic}, with operations named
 * as AWS names them ({@code UpdateAlias}, {@code UpdateDistribution}, {@code DescribeAlarms},
 * {@code CreateDeployment}, {@code ChangeResourceRecordSets}). Thread-safe.
 *
 * <p>A request is counted once it is signed and routed to an operation, whether it succeeds, fails on its own or is
 * failed by an injected fault; an SDK retry is a second request and counts twice. Naming an operation the service
 * does not serve is refused, so a typo cannot make a test pass.
 *
 * <p>Latency is real (wall-clock) time, not the sandbox's scaled clock: it is what the client waits for.
 */
public final class ServiceTraffic {

    private final String service;
    private final Set<String> operations;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final List<FaultRule> rules = new ArrayList<>();
    private final AtomicLong injected = new AtomicLong();

    /**
     * @param service the service's name, for messages
     * @param operations every operation the service serves
     */
    public ServiceTraffic(String service, Set<String> operations) {
        this.service = Objects.requireNonNull(service, "service");
        this.operations = Set.copyOf(operations);
    }

    /** The operations this service serves. */
    public Set<String> operations() {
        return operations;
    }

    /** Requests of this operation so far. */
    public long count(String operation) {
        AtomicLong count = counts.get(known(operation));
        return count == null ? 0 : count.get();
    }

    /** Every operation requested at least once, with its count, sorted by name. */
    public Map<String, Long> counts() {
        Map<String, Long> all = new TreeMap<>();
        counts.forEach((operation, count) -> all.put(operation, count.get()));
        return all;
    }

    /** Requests of every operation so far. */
    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Forgets the counts (not the faults or delays), e.g. between the two runs a test compares. */
    public void resetCounts() {
        counts.clear();
    }

    /** Answers every later request of the operation {@code latency} later than it would (zero removes it). */
    public void delay(String operation, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (latency.isZero()) {
            delays.remove(known(operation));
        } else {
            delays.put(known(operation), latency);
        }
    }

    /** Fails the next {@code times} requests of the operation, then lets them through again. */
    public void failNext(String operation, int times, ServiceFault fault) {
        addRule(new FaultRule(known(operation), fault, 0, times, 0, null, 0));
    }

    /** Lets the first {@code passing} requests of the operation through, then fails every later one until cleared. */
    public void failAfter(String operation, int passing, ServiceFault fault) {
        addRule(new FaultRule(known(operation), fault, passing, Long.MAX_VALUE, 0, null, 0));
    }

    /** Fails every {@code nth} request of the operation (the nth, 2nth, ...): a deterministic failure rate. */
    public void failEvery(String operation, int nth, ServiceFault fault) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1, was " + nth);
        }
        addRule(new FaultRule(known(operation), fault, 0, Long.MAX_VALUE, nth, null, 0));
    }

    /**
     * Fails each request of the operation with probability {@code rate}, drawn from a {@link Random} seeded with
     * {@code seed}: the same seed fails the same requests of a run that sends the same sequence.
     */
    public void failAtRate(String operation, double rate, long seed, ServiceFault fault) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be within [0, 1], was " + rate);
        }
        addRule(new FaultRule(known(operation), fault, 0, Long.MAX_VALUE, 0, new Random(seed), rate));
    }

    /** Removes every fault rule and delay; the counts stay. */
    public synchronized void clearFaults() {
        rules.clear();
        delays.clear();
    }

    /** How many requests were answered with an injected fault since the service started. */
    public long injectedFaults() {
        return injected.get();
    }

    /**
     * Called by the service for each request routed to {@code operation}: counts it, waits its injected latency and
     * says which fault, if any, it must be answered with. An interrupted wait restores the interrupt flag and answers
     * {@link ServiceFault#SERVER_ERROR}: the server is stopping.
     */
    public Optional<ServiceFault> admit(String operation) {
        counts.computeIfAbsent(known(operation), k -> new AtomicLong()).incrementAndGet();
        Duration latency = delays.get(operation);
        if (latency != null) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                injected.incrementAndGet();
                return Optional.of(ServiceFault.SERVER_ERROR);
            }
        }
        Optional<ServiceFault> fault = decide(operation);
        fault.ifPresent(f -> injected.incrementAndGet());
        return fault;
    }

    private String known(String operation) {
        Objects.requireNonNull(operation, "operation");
        if (!operations.contains(operation)) {
            throw new IllegalArgumentException("the sandbox " + service + " serves no operation " + operation
                    + "; it serves " + new TreeSet<>(operations));
        }
        return operation;
    }

    private synchronized void addRule(FaultRule rule) {
        if (rule.skip < 0 || rule.times < 0) {
            throw new IllegalArgumentException("negative count for " + rule.operation);
        }
        rules.add(rule);
    }

    private synchronized Optional<ServiceFault> decide(String operation) {
        ServiceFault chosen = null;
        for (FaultRule rule : rules) {
            if (rule.operation.equals(operation)) {
                boolean fails = rule.fails(rule.seen++);
                if (chosen == null && fails) {
                    chosen = rule.fault;
                }
            }
        }
        return Optional.ofNullable(chosen);
    }

    /**
     * Fails the requests of one operation whose 0-based index is in [skip, skip + times), or every nth when
     * {@code every > 0}, or at random with {@code rate} when {@code random} is set.
     */
    private static final class FaultRule {
        private final String operation;
        private final ServiceFault fault;
        private final long skip;
        private final long times;
        private final int every;
        private final Random random;
        private final double rate;
        private long seen;

        FaultRule(String operation, ServiceFault fault, long skip, long times, int every, Random random,
                double rate) {
            this.operation = operation;
            this.fault = Objects.requireNonNull(fault, "fault");
            this.skip = skip;
            this.times = times;
            this.every = every;
            this.random = random;
            this.rate = rate;
        }

        boolean fails(long index) {
            if (random != null) {
                return random.nextDouble() < rate;
            }
            if (every > 0) {
                return (index + 1) % every == 0;
            }
            return index >= skip && index - skip < times;
        }
    }
}
