package dev.edgedeploy.maven;

import dev.edgedeploy.core.release.ReleaseReport;
import java.nio.file.Path;

/** The one line that says how a release ended. */
final class ReleaseSummary {

    private ReleaseSummary() {
    }

    static String line(ReleaseReport report, Path record) {
        String what = switch (report.outcome()) {
            case CREATED -> "first release: alias " + report.alias() + " created on version " + report.version();
            case SHIFTED -> "alias " + report.alias() + " shifted from version " + report.previousVersion()
                    + " to " + report.version() + " by CodeDeploy deployment " + report.deploymentId();
            case ALREADY_LIVE -> "already live on version " + report.version() + ", nothing changed";
            case ROLLED_BACK -> "rolled back to version " + report.previousVersion();
            case FAILED -> "failed";
        };
        return "Released build " + report.buildId() + " as " + report.functionName() + ":" + report.version() + " ("
                + report.outcome() + ", " + what + (report.published() ? "" : ", version reused") + "); record "
                + record;
    }
}
