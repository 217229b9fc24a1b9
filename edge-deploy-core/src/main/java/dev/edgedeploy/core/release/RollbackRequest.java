package dev.edgedeploy.core.release;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.upload.DeployTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code edge-deploy:rollback} needs.
 *
 * @param target every bucket: the primary holds the lock and the records; {@code to} must be committed in all
 * @param settings the function, alias, distribution and deployment group
 * @param to roll forward to this older committed build as a new all-at-once release; null to roll back (stop the
 *     shift in progress, else move the alias back to the previous release's version)
 * @param packagedBundle the project's packaged {@code edge-bundle.zip}: its origin, compression and CORS settings
 *     are re-rendered around {@code to}; needed only with {@code to}
 * @param outputTimestamp the time inside the re-rendered bundle's zip entries (stable: an unchanged bundle reuses
 *     its version)
 * @param workDirectory where the re-rendered bundle is written; needed only with {@code to}
 */
public record RollbackRequest(DeployTarget target, ReleaseSettings settings, BuildId to, Path packagedBundle,
        Instant outputTimestamp, Path workDirectory) {

    public RollbackRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outputTimestamp, "outputTimestamp");
    }

    /** A plain rollback: no {@code to}, nothing to re-render. */
    public static RollbackRequest back(DeployTarget target, ReleaseSettings settings) {
        return new RollbackRequest(target, settings, null, null, Instant.EPOCH, null);
    }
}
