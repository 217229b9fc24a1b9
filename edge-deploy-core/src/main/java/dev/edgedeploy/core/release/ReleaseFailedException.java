package dev.edgedeploy.core.release;

import dev.edgedeploy.core.EdgeDeployException;
import java.util.Optional;

/**
 * The release did not reach its end state: the shift was stopped or failed (the alias is back on blue), another
 * deployer holds the release, or a wait ran out. User-fixable: the build fails with this message, which names the
 * deployment, what triggered it and where the alias is now.
 */
public final class ReleaseFailedException extends EdgeDeployException {

    private final transient ReleaseReport report;

    public ReleaseFailedException(String message, ReleaseReport report) {
        this(message, report, null);
    }

    public ReleaseFailedException(String message, ReleaseReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    public ReleaseFailedException(String message, Throwable cause) {
        this(message, (ReleaseReport) null, cause);
    }

    public ReleaseFailedException(String message) {
        this(message, (ReleaseReport) null);
    }

    /** The release's record, when the release got as far as having one. */
    public Optional<ReleaseReport> report() {
        return Optional.ofNullable(report);
    }

    @Override
    public boolean userFixable() {
        return true;
    }
}
