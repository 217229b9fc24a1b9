package dev.edgedeploy.core.release;

import java.time.Duration;

/** Waiting between polls; an interrupt stops the release (the flag is restored for the caller). */
final class Pause {

    static final String INTERRUPTED = "The release was interrupted; what it started goes on (a shift keeps running"
            + " under CodeDeploy). Run the deploy again to resume it.";

    private Pause() {
    }

    /**
     * Runs cleanup (releasing the lock, writing the record) even when the thread was interrupted: the SDK aborts
     * calls made with the interrupt flag set, so it is cleared for the cleanup and restored after.
     */
    static void uninterrupted(Runnable cleanup) {
        boolean interrupted = Thread.interrupted();
        try {
            cleanup.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseFailedException(INTERRUPTED);
        }
    }
}
