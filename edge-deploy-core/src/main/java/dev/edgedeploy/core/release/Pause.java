package dev.edgedeploy.core.release;

import java.time.Duration;

/** Waiting between polls; an interrupt stops the release (the flag is restored for the caller). */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseFailedException("The release was interrupted while waiting; run the deploy again to"
                    + " resume.");
        }
    }
}
