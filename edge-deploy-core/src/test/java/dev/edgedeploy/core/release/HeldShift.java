package dev.edgedeploy.core.release;

import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every alias change a sandbox CodeDeploy deployment makes, queued with the instant it was seen, and a hold on the
 * steps a test wants to look at: the sandbox calls listeners on the deployment's thread before it goes on, so a
 * held step lasts until the test calls {@link #proceed()}, as long as the look takes however busy the machine (a
 * real step lasts minutes, far longer than the edge needs to learn it).
 */
final class HeldShift implements DeploymentListener, AutoCloseable {

    /** The longest a step is held if the test never proceeds (a failed test must not hang the deployment). */
    private static final Duration HOLD_LIMIT = Duration.ofMinutes(2);

    /** An alias change and when the listener saw it: just after the alias was updated. */
    record Step(TrafficShift shift, Instant at) {
    }

    private final Predicate<TrafficShift> hold;
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    private final Semaphore proceed = new Semaphore(0);
    private volatile boolean closed;

    /** @param hold the steps to hold */
    HeldShift(Predicate<TrafficShift> hold) {
        this.hold = hold;
    }

    @Override
    public void trafficShifted(TrafficShift shift) {
        steps.add(new Step(shift, Instant.now()));
        if (!closed && hold.test(shift)) {
            try {
                proceed.tryAcquire(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next alias change, waiting for it. */
    Step next() throws InterruptedException {
        Step step = steps.poll(60, TimeUnit.SECONDS);
        if (step == null) {
            throw new AssertionError("CodeDeploy changed the alias no more within 60 s");
        }
        return step;
    }

    /** The next alias change that {@code which} accepts, skipping the others. */
    Step nextWhere(Predicate<TrafficShift> which) throws InterruptedException {
        Step step = next();
        while (!which.test(step.shift())) {
            step = next();
        }
        return step;
    }

    /** Lets the held step go on. */
    void proceed() {
        proceed.release();
    }

    /** Holds nothing more and lets every held step go on. */
    @Override
    public void close() {
        closed = true;
        proceed.release(1000);
    }
}
