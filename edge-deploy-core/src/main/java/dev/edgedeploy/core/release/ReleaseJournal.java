package dev.edgedeploy.core.release;

import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The steps of one release: each is told to the listener as it happens and kept, timestamped, for the record. */
final class ReleaseJournal {

    private final DeployListener listener;
    private final Clock clock;
    private final List<ReleaseStep> steps = new ArrayList<>();

    ReleaseJournal(DeployListener listener, Clock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A step that begins or ends: a lifecycle line and a record entry. */
    void step(String step, String detail) {
        record(step, detail);
        listener.on(DeployEvent.lifecycle(detail));
    }

    /** Progress within a step (a weight change, an alarm state): a progress line and a record entry. */
    void progress(String step, String detail) {
        record(step, detail);
        listener.on(DeployEvent.progress(detail));
    }

    /** Something the user must see: a warning line and a record entry. */
    void warn(String step, String detail) {
        record(step, detail);
        listener.on(DeployEvent.warn(detail));
    }

    /** Detail shown at debug level only, not recorded. */
    void debug(String detail) {
        listener.on(DeployEvent.debug(detail));
    }

    synchronized List<ReleaseStep> steps() {
        return List.copyOf(steps);
    }

    private synchronized void record(String step, String detail) {
        steps.add(new ReleaseStep(clock.instant().toString(), step, detail));
    }
}
