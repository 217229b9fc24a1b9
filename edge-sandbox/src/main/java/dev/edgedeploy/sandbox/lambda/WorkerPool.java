package dev.edgedeploy.sandbox.lambda;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Warm workers, reused per {@link WorkerSpec#key()} like Lambda reuses execution environments, with a bound on
 * live processes: the sandbox's account concurrency. An idle worker of another version is stopped to make room;
 * when every worker is busy the invocation is throttled as Lambda throttles it.
 */
final class WorkerPool implements AutoCloseable {

    private final String nodeCommand;
    private final Path harness;
    private final int limit;
    /** Idle workers, least recently used first. */
    private final Deque<NodeWorker> idle = new ArrayDeque<>();
    private final List<NodeWorker> busy = new ArrayList<>();
    /** Slots reserved for workers being started outside the lock. */
    private int starting;
    private boolean closed;

    WorkerPool(String nodeCommand, Path harness, int limit) {
        this.nodeCommand = nodeCommand;
        this.harness = harness;
        this.limit = limit;
    }

    /** A warm worker for the spec, or a new one. */
    NodeWorker acquire(WorkerSpec spec) {
        NodeWorker evicted = null;
        List<NodeWorker> retired = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw LambdaApiException.service("the Lambda sandbox is shutting down");
            }
            for (Iterator<NodeWorker> it = idle.descendingIterator(); it.hasNext(); ) {
                NodeWorker worker = it.next();
                if (worker.spec().key().equals(spec.key()) && worker.alive()) {
                    it.remove();
                    busy.add(worker);
                    return worker;
                }
            }
            idle.removeIf(worker -> {
                // a version's previous code (an updated $LATEST) is never needed again
                boolean stale = worker.spec().label().equals(spec.label()) && !worker.spec().key().equals(spec.key());
                if (stale || !worker.alive()) {
                    retired.add(worker);
                    return true;
                }
                return false;
            });
            if (idle.size() + busy.size() + starting >= limit) {
                if (idle.isEmpty()) {
                    throw LambdaApiException.tooManyRequests("ConcurrentInvocationLimitExceeded");
                }
                evicted = idle.removeFirst();
            }
            // reserve the slot before starting the process outside the lock
            starting++;
        }
        if (evicted != null) {
            evicted.close();
        }
        retired.forEach(NodeWorker::close);
        NodeWorker started;
        try {
            started = NodeWorker.start(spec, nodeCommand, harness);
        } catch (RuntimeException e) {
            synchronized (this) {
                starting--;
            }
            throw e;
        }
        synchronized (this) {
            starting--;
            if (closed) {
                started.close();
                throw LambdaApiException.service("the Lambda sandbox is shutting down");
            }
            busy.add(started);
        }
        return started;
    }

    /** Returns a worker after an invocation; a dead one is dropped. */
    void release(NodeWorker worker) {
        boolean keep;
        synchronized (this) {
            busy.remove(worker);
            keep = !closed && worker.alive();
            if (keep) {
                idle.addLast(worker);
            }
        }
        if (!keep) {
            worker.close();
        }
    }

    /** Stops idle workers whose key matches, e.g. those of a deleted function; busy ones stop on release. */
    void retire(Predicate<String> key) {
        List<NodeWorker> stopped = new ArrayList<>();
        synchronized (this) {
            idle.removeIf(worker -> {
                if (key.test(worker.spec().key())) {
                    stopped.add(worker);
                    return true;
                }
                return false;
            });
        }
        stopped.forEach(NodeWorker::close);
    }

    synchronized int busyWorkers() {
        return busy.size() + starting;
    }

    synchronized int liveWorkers() {
        return idle.size() + busy.size();
    }

    @Override
    public void close() {
        List<NodeWorker> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            all.addAll(idle);
            all.addAll(busy);
            idle.clear();
        }
        all.forEach(NodeWorker::close);
    }
}
