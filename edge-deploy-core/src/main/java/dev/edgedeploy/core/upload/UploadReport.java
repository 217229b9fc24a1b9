package dev.edgedeploy.core.upload;

import java.util.List;
import java.util.Objects;

/**
 * What an upload did, per region: written for CI into {@code target/edge-deploy/deployment.json}.
 *
 * @param buildId the build
 * @param outcome whether this run committed the build somewhere or found it committed everywhere
 * @param regions one entry per bucket, primary first
 * @param timings how long each phase took
 */
public record UploadReport(String buildId, Outcome outcome, List<RegionReport> regions, PhaseTimings timings) {

    public enum Outcome {
        /** The manifest was written to at least one region by this run. */
        COMMITTED,
        /** Every region already held this build's manifest; at most missing objects were restored. */
        ALREADY_COMMITTED
    }

    public UploadReport {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(timings, "timings");
        regions = List.copyOf(regions);
    }

    /**
     * One bucket's share of the upload.
     *
     * @param uploadedObjects objects written by this run from the packaged files (the manifest not included)
     * @param copiedObjects objects written by this run as copies, inside the bucket, of the same object of the
     *     build committed there before ({@code copiedFrom}), so their bytes did not travel
     * @param copiedFrom the build the copies came from; null when nothing was copied
     * @param skippedObjects objects already present with the same content
     * @param alreadyCommitted the bucket held this build's manifest before the run
     * @param retries attempts the SDK repeated (throttling, 5xx, network) for calls in this region
     */
    public record RegionReport(String region, String bucket, long uploadedObjects, long uploadedBytes,
            long copiedObjects, long copiedBytes, String copiedFrom, long skippedObjects, long skippedBytes,
            boolean alreadyCommitted, long retries) {
    }

    /** Milliseconds per phase: bucket check, plan (listing and comparing), upload, verify, commit. */
    public record PhaseTimings(long checkMillis, long planMillis, long uploadMillis, long verifyMillis,
            long commitMillis) {
    }
}
