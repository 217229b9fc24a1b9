package dev.edgedeploy.core.release;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeBundle;
import dev.edgedeploy.core.bundle.EdgeBundleRenderer;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.EdgeTrigger;
import dev.edgedeploy.core.record.DeploymentRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipFile;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Releases a committed build to the edge (ARCHITECTURE.md §2, "the edge follows the alias"): under the release lock,
 * renders the bundle with green = this build and blue = the build the alias serves now, publishes it as a version,
 * points CloudFront at that version and waits until Deployed (viewers still get blue), then moves the alias with
 * CodeDeploy (the first release creates it). Re-running converges (G4): an unchanged bundle reuses its version, a
 * distribution already pointing at it is not updated, a shift in progress to it is resumed, a live build is left as
 * it is. Writes {@code deployment.json} and the release records of the primary bucket whatever the outcome.
 */
public final class EdgeRelease {

    /** The bundle a release publishes, beside the packaged one (which carries green only). */
    public static final String RELEASE_BUNDLE_NAME = "edge-release.zip";

    private final AwsClients clients;
    private final EdgeRuntimeFiles runtime;
    private final Clock clock;

    public EdgeRelease(AwsClients clients, EdgeRuntimeFiles runtime) {
        this(clients, runtime, Clock.systemUTC());
    }

    EdgeRelease(AwsClients clients, EdgeRuntimeFiles runtime, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidInputException bad settings, before any remote change
     * @throws ReleaseFailedException the shift failed or stopped (alias back on blue), another deployer holds the
     *     lock, or a wait ran out; {@link ReleaseFailedException#report()} has the record
     */
    public ReleaseReport release(ReleaseRequest request, DeployListener listener) {
        ReleaseSettings settings = request.settings().validate();
        ReleaseJournal journal = new ReleaseJournal(listener, clock);
        BuildId buildId = request.build().buildId();
        S3Client s3 = clients.s3(request.primary().region());
        String bucket = request.primary().bucket();
        ReleaseRecords records = new ReleaseRecords(s3, bucket);
        Progress progress = new Progress(buildId.value(), settings, clock.instant().toString());
        LockOwner owner = LockOwner.current(buildId.value(), clock.instant());
        try (ReleaseLock lock = ReleaseLock.acquire(s3, bucket, owner, settings.staleLockAge(),
                settings.breakStaleLock(), clock.instant())) {
            journal.step("lock", "Release lock s3://" + bucket + "/" + ReleaseLock.KEY + " taken by " + owner);
            RuntimeException failure = null;
            try {
                run(request, settings, journal, records, progress);
            } catch (SdkClientException e) {
                // the SDK's answer to an interrupt (Ctrl-C) during a call (AbortedException, or a response it could
                // not finish reading with the flag set): the same as one between calls
                failure = e instanceof AbortedException || Thread.currentThread().isInterrupted()
                        ? new ReleaseFailedException(Pause.INTERRUPTED, e) : e;
                progress.failure = failure.getMessage();
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                progress.failure = e.getMessage();
                throw e;
            } finally {
                ReleaseReport report = progress.report(journal, clock);
                progress.finished = report;
                try {
                    Pause.uninterrupted(() -> {
                        DeploymentRecord.write(request.recordDirectory(), request.upload(), report);
                        // the bucket's record is the release that made the build live: rollback reads its previous
                        // version, which a re-run that found the build live does not know
                        if (report.outcome() != ReleaseReport.Outcome.ALREADY_LIVE) {
                            records.writeDeployment(report);
                        }
                    });
                } catch (RuntimeException recordFailure) {
                    // the release's own failure matters more than its record's
                    if (failure == null) {
                        throw recordFailure;
                    }
                    failure.addSuppressed(recordFailure);
                }
            }
        } catch (ReleaseFailedException e) {
            if (e.report().isEmpty() && progress.finished != null) {
                ReleaseFailedException withReport = new ReleaseFailedException(e.getMessage(), progress.finished,
                        e.getCause());
                withReport.setStackTrace(e.getStackTrace());
                for (Throwable suppressed : e.getSuppressed()) {
                    withReport.addSuppressed(suppressed);
                }
                throw withReport;
            }
            throw e;
        }
        return progress.finished;
    }

    private void run(ReleaseRequest request, ReleaseSettings settings, ReleaseJournal journal,
            ReleaseRecords records, Progress progress) {
        BuildId buildId = request.build().buildId();
        EdgeFunction function = new EdgeFunction(clients.lambda(), settings.functionName(), journal);
        DistributionAssociation distribution = new DistributionAssociation(clients.cloudFront(), journal, clock);
        TrafficShift shift = new TrafficShift(clients.lambda(), clients.codeDeploy(), clients.cloudWatch(), settings,
                journal, clock);

        Optional<AliasState> alias = function.alias(settings.alias());
        BuildId blueId = null;
        if (alias.isPresent()) {
            AliasState current = alias.get();
            progress.previousVersion = current.version();
            journal.step("state", "Alias " + settings.alias() + " is on " + current);
            BuildId live = liveBuild(function, records, current.version());
            if (current.shifting()) {
                Optional<BuildId> shifting = function.buildOf(current.additionalVersion());
                if (!shifting.equals(Optional.of(buildId))) {
                    throw new ReleaseFailedException("Alias " + settings.alias() + " is being shifted to version "
                            + current.additionalVersion() + " (build " + shifting.map(BuildId::value).orElse("unknown")
                            + "), not to this build " + buildId + ". Wait for that shift to end, or roll it back.");
                }
            } else if (live.equals(buildId)) {
                alreadyLive(request, settings, function, distribution, records, progress, journal, current);
                return;
            }
            blueId = live;
        }
        progress.blueBuildId = blueId == null ? null : blueId.value();
        EdgeConfig.Build blue = blueId == null ? null
                : new CommittedEntry(clients.s3(request.primary().region()), request.primary().bucket()).read(blueId);
        EdgeBundle bundle = render(request, settings, blue);
        journal.step("render", "Rendered " + RELEASE_BUNDLE_NAME + ": green " + buildId + (blue == null
                ? " (first release, no blue)" : ", blue " + blueId) + ", " + bundle.size() + " bytes, CodeSha256 "
                + bundle.codeSha256());

        PublishedVersion version = function.publish(bundle, buildId, settings.functionRoleArn());
        progress.version = version;
        progress.distributionUpdated = distribution.point(settings, version.arn());
        distribution.awaitDeployed(settings.distributionId(), settings.distributionTimeout(),
                settings.pollInterval());

        ShiftResult result;
        if (alias.isEmpty()) {
            result = shift.createAlias(version.version());
            progress.outcome = ReleaseReport.Outcome.CREATED;
        } else {
            try {
                result = shift.shift(alias.get().version(), version.version(), buildId.value(), "edge-deploy "
                        + buildId + ": version " + alias.get().version() + " to " + version.version());
            } catch (ReleaseFailedException e) {
                progress.deploymentId = shift.deploymentId().orElse(null);
                progress.outcome = shift.rolledBack() ? ReleaseReport.Outcome.ROLLED_BACK
                        : ReleaseReport.Outcome.FAILED;
                throw e;
            }
            progress.outcome = ReleaseReport.Outcome.SHIFTED;
        }
        progress.deploymentId = result.deploymentId();
        records.writeLive(new ReleaseRecords.LiveRelease(buildId.value(), settings.functionName(), settings.alias(),
                version.version(), result.deploymentId(), clock.instant().toString()));
    }

    /** The alias already serves this build: make sure CloudFront runs its version, and change nothing else. */
    private void alreadyLive(ReleaseRequest request, ReleaseSettings settings, EdgeFunction function,
            DistributionAssociation distribution, ReleaseRecords records, Progress progress, ReleaseJournal journal,
            AliasState current) {
        String arn = function.versionArn(current.version());
        progress.version = new PublishedVersion(current.version(), arn, null, false);
        progress.blueBuildId = records.readDeployment(request.build().buildId().value())
                .map(ReleaseReport::blueBuildId).orElse(null);
        progress.distributionUpdated = distribution.point(settings, arn);
        distribution.awaitDeployed(settings.distributionId(), settings.distributionTimeout(),
                settings.pollInterval());
        progress.outcome = ReleaseReport.Outcome.ALREADY_LIVE;
        journal.step("shift", "Build " + request.build().buildId() + " is already live on version " + current.version()
                + ": nothing to shift");
    }

    /** The build a version carries: its description, else the live record when it names that version. */
    private static BuildId liveBuild(EdgeFunction function, ReleaseRecords records, String version) {
        return function.buildOf(version).or(() -> records.readLive()
                        .filter(live -> live.version().equals(version)).map(live -> BuildId.of(live.buildId())))
                .orElseThrow(() -> new ReleaseFailedException("Cannot tell which build version " + version
                        + " carries: its description is not 'edge-deploy <buildId>' and "
                        + ReleaseRecords.LIVE_KEY + " does not name it. Was it published by edge-deploy?"));
    }

    private EdgeBundle render(ReleaseRequest request, ReleaseSettings settings, EdgeConfig.Build blue) {
        EdgeConfig packaged = packagedConfig(request.build().bundleFile());
        EdgeConfig config = packaged.forRelease(blue, settings.edgeRelease(request.primary().bucket()));
        return render(runtime, config, request.outputTimestamp(),
                request.build().directory().resolve(RELEASE_BUNDLE_NAME));
    }

    /** Renders a release config (green and blue) into {@code file}, refusing a bundle the edge would not take. */
    static EdgeBundle render(EdgeRuntimeFiles runtime, EdgeConfig config, java.time.Instant outputTimestamp,
            Path file) {
        EdgeBundle bundle = new EdgeBundleRenderer(runtime).render(config, outputTimestamp, file);
        EdgeTrigger.ORIGIN_REQUEST.checkBundle(file.getFileName().toString(), bundle.size()).ifPresent(problem -> {
            throw new InvalidInputException("The release bundle (green and blue) does not fit the edge function",
                    List.of(problem));
        });
        return bundle;
    }

    /** The config the package step rendered: green, origin, compression, CORS. */
    static EdgeConfig packagedConfig(Path bundleFile) {
        try (ZipFile zip = new ZipFile(bundleFile.toFile())) {
            var entry = zip.getEntry(EdgeConfig.FILE_NAME);
            if (entry == null) {
                throw new IllegalStateException(bundleFile + " has no " + EdgeConfig.FILE_NAME);
            }
            try (var in = zip.getInputStream(entry)) {
                return EdgeConfig.fromJson(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bundleFile + ": run the package phase first", e);
        }
    }

    /** What the release has done so far, for the record written whatever happens. */
    private static final class Progress {
        final String buildId;
        final ReleaseSettings settings;
        final String startedAt;
        String blueBuildId;
        String previousVersion;
        PublishedVersion version;
        boolean distributionUpdated;
        String deploymentId;
        ReleaseReport.Outcome outcome;
        String failure;
        ReleaseReport finished;

        Progress(String buildId, ReleaseSettings settings, String startedAt) {
            this.buildId = buildId;
            this.settings = settings;
            this.startedAt = startedAt;
        }

        ReleaseReport report(ReleaseJournal journal, Clock clock) {
            ReleaseReport.Outcome end = outcome;
            if (outcome == null || (failure != null && outcome != ReleaseReport.Outcome.ROLLED_BACK)) {
                end = ReleaseReport.Outcome.FAILED;
            }
            return new ReleaseReport(buildId, blueBuildId, settings.functionName(), settings.alias(), previousVersion,
                    version == null ? null : version.version(), version == null ? null : version.arn(),
                    version != null && version.published(), distributionUpdated, deploymentId, end, startedAt,
                    clock.instant().toString(), journal.steps(), failure);
        }
    }
}
