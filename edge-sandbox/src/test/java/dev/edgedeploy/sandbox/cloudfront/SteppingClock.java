package dev.edgedeploy.sandbox.cloudfront;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until the test moves it, so propagation is observed without waiting. */
final class SteppingClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    SteppingClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private SteppingClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    void advance(Duration step) {
        now.updateAndGet(instant -> instant.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving instant seen from another zone. */
    @Override
    public Clock withZone(ZoneId other) {
        return new SteppingClock(now, other);
    }
}
