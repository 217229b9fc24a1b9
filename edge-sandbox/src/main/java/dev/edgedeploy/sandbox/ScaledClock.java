package dev.edgedeploy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Sandbox time that runs {@code factor} times faster than real time from an origin: with a factor of 60 one
 * CodeDeploy minute takes one real second, so a Linear10PercentEvery1Minute shift finishes in seconds. Give the same
 * instance to the CloudWatch sandbox so datapoints and alarm evaluation share the deployment's time.
 */
public final class ScaledClock extends Clock {

    private final Instant origin;
    private final long realOriginNanos;
    private final double factor;

    private ScaledClock(Instant origin, long realOriginNanos, double factor) {
        this.origin = origin;
        this.realOriginNanos = realOriginNanos;
        this.factor = factor;
    }

    /** Sandbox time starting at the current real time, running {@code factor} times faster. */
    public static ScaledClock startingNow(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive and finite: " + factor);
        }
        return new ScaledClock(Instant.now(), System.nanoTime(), factor);
    }

    /**
     * Sandbox time starting at {@code origin} (e.g. where a previous run's sandbox time stopped, which a fast clock
     * leaves ahead of real time), running {@code factor} times faster.
     */
    public static ScaledClock startingAt(Instant origin, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive and finite: " + factor);
        }
        return new ScaledClock(origin, System.nanoTime(), factor);
    }

    /** Real time: a factor of 1. */
    public static ScaledClock realTime() {
        return startingNow(1);
    }

    public double factor() {
        return factor;
    }

    @Override
    public Instant instant() {
        long realElapsed = System.nanoTime() - realOriginNanos;
        return origin.plusNanos((long) (realElapsed * factor));
    }

    /** How long {@code sandboxTime} takes in real time. */
    public Duration realDuration(Duration sandboxTime) {
        return Duration.ofNanos((long) (sandboxTime.toNanos() / factor));
    }

    /** Blocks until the sandbox time reaches {@code deadline}. */
    public void sleepUntil(Instant deadline) throws InterruptedException {
        while (true) {
            Duration remaining = Duration.between(instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return;
            }
            long nanos = Math.max(realDuration(remaining).toNanos(), 100_000);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("sandbox time is UTC");
    }
}
