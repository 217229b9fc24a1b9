package dev.edgedeploy.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sandbox's S3 was asked to do, per operation and bucket, and the failures it is told to answer with.
 * Thread-safe: requests arrive on many server threads while a test reads the counts.
 *
 * <p>A request is counted whether it succeeds, fails on its own (412, 404) or is failed by an injected fault;
 * an SDK retry is a second request and counts twice.
 */
public final class S3Traffic {

    private final Map<Counted, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<FaultRule> rules = new ArrayList<>();
    private final AtomicLong injected = new AtomicLong();
    private final Map<S3Operation, Duration> delays = new ConcurrentHashMap<>();

    S3Traffic() {
    }

    /** Requests of this operation, every bucket. */
    public long count(S3Operation operation) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().operation() == operation)
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    /** Requests of this operation on one bucket. */
    public long count(S3Operation operation, String bucket) {
        AtomicLong count = counts.get(new Counted(operation, bucket));
        return count == null ? 0 : count.get();
    }

    /** Every operation seen at least once, with its count over all buckets. */
    public Map<S3Operation, Long> counts() {
        Map<S3Operation, Long> all = new EnumMap<>(S3Operation.class);
        counts.forEach((key, count) -> all.merge(key.operation(), count.get(), Long::sum));
        return all;
    }

    /** Forgets the counts (not the fault rules), e.g. between the two runs a test compares. */
    public void resetCounts() {
        counts.clear();
    }

    /** Lets the first {@code passing} requests of the operation through, then fails every later one until cleared. */
    public void failAfter(S3Operation operation, int passing, S3Fault fault) {
        addRule(new FaultRule(operation, fault, passing, Long.MAX_VALUE, 0));
    }

    /** Fails the next {@code times} requests of the operation, then lets them through again. */
    public void failNext(S3Operation operation, int times, S3Fault fault) {
        addRule(new FaultRule(operation, fault, 0, times, 0));
    }

    /** Fails every {@code nth} request of the operation (the nth, 2nth, ...): a deterministic failure rate. */
    public void failEvery(S3Operation operation, int nth, S3Fault fault) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1, was " + nth);
        }
        addRule(new FaultRule(operation, fault, 0, Long.MAX_VALUE, nth));
    }

    /**
     * Answers every later request of the operation {@code latency} later than it would (zero removes it). Latency is
     * real (wall-clock) time, as a client waits for it.
     */
    public void delay(S3Operation operation, Duration latency) {
        Objects.requireNonNull(operation, "operation");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (latency.isZero()) {
            delays.remove(operation);
        } else {
            delays.put(operation, latency);
        }
    }

    /** Removes every fault rule and delay; the counts stay. */
    public synchronized void clearFaults() {
        rules.clear();
        delays.clear();
    }

    /** How many requests were answered with an injected fault since the sandbox started. */
    public long injectedFaults() {
        return injected.get();
    }

    private synchronized void addRule(FaultRule rule) {
        if (rule.skip() < 0 || rule.times() < 0) {
            throw new IllegalArgumentException("negative count in " + rule);
        }
        rules.add(rule);
    }

    /** Counts one request and says which fault, if any, it must be answered with. */
    Optional<S3Fault> admit(S3Operation operation, String bucket) {
        Objects.requireNonNull(operation, "operation");
        counts.computeIfAbsent(new Counted(operation, bucket == null ? "" : bucket), k -> new AtomicLong())
                .incrementAndGet();
        Duration latency = delays.get(operation);
        if (latency != null) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                // the server is stopping: answer as a failed request, the flag kept for the serving thread
                Thread.currentThread().interrupt();
                injected.incrementAndGet();
                return Optional.of(S3Fault.INTERNAL_ERROR);
            }
        }
        Optional<S3Fault> fault = decide(operation);
        fault.ifPresent(f -> injected.incrementAndGet());
        return fault;
    }

    private synchronized Optional<S3Fault> decide(S3Operation operation) {
        S3Fault chosen = null;
        for (FaultRule rule : rules) {
            if (rule.operation() == operation) {
                long index = rule.seen++;
                if (chosen == null && rule.fails(index)) {
                    chosen = rule.fault();
                }
            }
        }
        return Optional.ofNullable(chosen);
    }

    private record Counted(S3Operation operation, String bucket) {
    }

    /** Fails the requests of one operation whose 0-based index is in [skip, skip + times) and, if every > 0, every nth. */
    private static final class FaultRule {
        private final S3Operation operation;
        private final S3Fault fault;
        private final long skip;
        private final long times;
        private final int every;
        private long seen;

        FaultRule(S3Operation operation, S3Fault fault, long skip, long times, int every) {
            this.operation = Objects.requireNonNull(operation, "operation");
            this.fault = Objects.requireNonNull(fault, "fault");
            this.skip = skip;
            this.times = times;
            this.every = every;
        }

        S3Operation operation() {
            return operation;
        }

        S3Fault fault() {
            return fault;
        }

        long skip() {
            return skip;
        }

        long times() {
            return times;
        }

        boolean fails(long index) {
            if (every > 0) {
                return (index + 1) % every == 0;
            }
            return index >= skip && index - skip < times;
        }

        @Override
        public String toString() {
            return operation + " " + fault + " skip=" + skip + " times=" + times + " every=" + every;
        }
    }
}
