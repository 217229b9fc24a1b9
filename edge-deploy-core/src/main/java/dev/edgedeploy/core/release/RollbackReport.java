package dev.edgedeploy.core.release;

import java.util.List;

/**
 * What a rollback did.
 *
 * @param kind which rollback it was
 * @param fromVersion the alias's version before (the primary one during a shift)
 * @param fromBuildId the build that version (or, for a stopped shift, the shifted-to version) carries; null if unknown
 * @param toVersion the alias's version after
 * @param toBuildId the build viewers get after
 * @param deploymentId the deployment stopped; null otherwise
 * @param distributionUpdated whether CloudFront was changed (only a roll-forward changes it)
 * @param startedAt ISO-8601 UTC
 * @param finishedAt ISO-8601 UTC
 * @param steps every step with its time
 */
public record RollbackReport(Kind kind, String fromVersion, String fromBuildId, String toVersion, String toBuildId,
        String deploymentId, boolean distributionUpdated, String startedAt, String finishedAt,
        List<ReleaseStep> steps) {

    public enum Kind {
        /** A shift was in progress: CodeDeploy stopped it and put the alias back. */
        SHIFT_STOPPED,
        /** The alias moved back to the previous release's version; CloudFront untouched. */
        ALIAS_RESTORED,
        /** An older committed build was released again, all at once. */
        ROLLED_FORWARD
    }

    public RollbackReport {
        steps = List.copyOf(steps);
    }

    /** One line for the build log. */
    public String summary() {
        return switch (kind) {
            case SHIFT_STOPPED -> "Deployment " + deploymentId + " stopped: alias back on version " + toVersion
                    + " (build " + toBuildId + ")";
            case ALIAS_RESTORED -> "Alias back on version " + toVersion + " (build " + toBuildId + ") from version "
                    + fromVersion + " (build " + fromBuildId + "); CloudFront unchanged";
            case ROLLED_FORWARD -> "Build " + toBuildId + " released again on version " + toVersion
                    + ", all at once, replacing build " + fromBuildId;
        };
    }
}
