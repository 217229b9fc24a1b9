package dev.edgedeploy.sandbox.lambda;

import java.time.Instant;

/**
 * One immutable state of {@code $LATEST} or one published version.
 *
 * <p>Lambda applies creations and code updates asynchronously. Rather than a timer, the pending window is an
 * instant: until {@code pendingUntil} the version reports {@code State: Pending} (creation) or
 * {@code LastUpdateStatus: InProgress} (update), afterwards Active/Successful with {@code readyRevisionId},
 * because the status change is itself a configuration change with a new RevisionId.
 */
record FunctionVersion(String version, FunctionSettings settings, CodePackage code, Instant lastModified,
        String pendingRevisionId, String readyRevisionId, Instant pendingUntil, Transition transition) {

    /** What the pending window is doing. */
    enum Transition { CREATING, UPDATING }

    boolean pending(Instant now) {
        return now.isBefore(pendingUntil);
    }

    String revisionId(Instant now) {
        return pending(now) ? pendingRevisionId : readyRevisionId;
    }

    String state(Instant now) {
        return pending(now) && transition == Transition.CREATING ? "Pending" : "Active";
    }

    String lastUpdateStatus(Instant now) {
        return pending(now) ? "InProgress" : "Successful";
    }
}
