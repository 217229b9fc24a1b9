package dev.edgedeploy.core.release;

import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.UploadReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a release needs.
 *
 * @param build the packaged build (green), already uploaded and committed in every bucket
 * @param primary the primary bucket (us-east-1): blue's manifest and entry, the lock, the release records
 * @param settings the function, distribution, schedule and alarms
 * @param outputTimestamp {@code project.build.outputTimestamp}, the time inside the release bundle's zip entries
 * @param recordDirectory where {@code deployment.json} is written, usually {@code target/edge-deploy}
 * @param upload the upload's report, kept in {@code deployment.json} beside the release's; null if not at hand
 */
public record ReleaseRequest(PackagedBuild build, BucketTarget primary, ReleaseSettings settings,
        Instant outputTimestamp, Path recordDirectory, UploadReport upload) {

    public ReleaseRequest {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        Objects.requireNonNull(recordDirectory, "recordDirectory");
    }
}
