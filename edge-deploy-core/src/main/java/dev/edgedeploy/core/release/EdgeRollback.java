package dev.edgedeploy.core.release;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeBundle;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts viewers back on a known-good build (ARCHITECTURE.md §2), under the release lock:
 * <ul>
 * <li>a shift in progress → CodeDeploy stops it with rollback and the alias goes back; waited for, bounded;</li>
 * <li>no shift, the alias on V_k → the alias moves back to V_(k-1), routing cleared. CloudFront is NOT touched: it
 * runs V_k, whose bundle carries V_(k-1)'s build as blue, and V_k's containers serve blue as soon as they see the
 * alias leave them (within the probe's refresh time);</li>
 * <li>{@code to=<buildId>} → that older build, committed in every bucket, is released again all at once: a bundle
 * with green = it and blue = the live build, published (or its version reused), CloudFront pointed at it, then the
 * alias moved in one step.</li>
 * </ul>
 * Records it: {@code live.json} and the deployment record of the build rolled back (outcome ROLLED_BACK).
 */
public final class EdgeRollback {

    /** The bundle a roll-forward renders. */
    public static final String ROLLBACK_BUNDLE_NAME = "edge-rollback.zip";

    private final AwsClients clients;
    private final EdgeRuntimeFiles runtime;
    private final Clock clock;

    public EdgeRollback(AwsClients clients, EdgeRuntimeFiles runtime) {
        this(clients, runtime, Clock.systemUTC());
    }

    EdgeRollback(AwsClients clients, EdgeRuntimeFiles runtime, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidInputException bad settings, or {@code to} without the packaged bundle
     * @throws ReleaseFailedException nothing to roll back to, {@code to} not committed everywhere, another deployer
     *     holds the lock, or a wait ran out
     */
    public RollbackReport rollback(RollbackRequest request, DeployListener listener) {
        ReleaseSettings settings = request.settings().validate();
        if (request.to() != null && (request.packagedBundle() == null || request.workDirectory() == null)) {
            throw new InvalidInputException("Cannot roll forward to build " + request.to(), List.of(new Problem(
                    "edgeDeploy.to", "rolling forward re-renders the edge bundle, and no packaged bundle was given.",
                    "run the package phase first (edge-deploy:rollback after package), or roll back without to.")));
        }
        ReleaseJournal journal = new ReleaseJournal(listener, clock);
        S3Client s3 = clients.s3(request.target().primary().region());
        String bucket = request.target().primary().bucket();
        String startedAt = clock.instant().toString();
        LockOwner owner = LockOwner.current(request.to() == null ? "rollback" : "rollback to " + request.to(),
                clock.instant());
        try (ReleaseLock lock = ReleaseLock.acquire(s3, bucket, owner, settings.staleLockAge(),
                settings.breakStaleLock(), clock.instant())) {
            journal.step("lock", "Release lock s3://" + bucket + "/" + ReleaseLock.KEY + " taken by " + owner);
            Run run = new Run(request, settings, journal, new ReleaseRecords(s3, bucket), startedAt);
            return request.to() != null ? run.rollForward(request.to()) : run.back();
        } catch (AbortedException e) {
            throw new ReleaseFailedException(Pause.INTERRUPTED, e);
        }
    }

    /** One rollback's view of the target. */
    private final class Run {
        final RollbackRequest request;
        final ReleaseSettings settings;
        final ReleaseJournal journal;
        final ReleaseRecords records;
        final String startedAt;
        final EdgeFunction function;
        final EdgeStatus status;

        Run(RollbackRequest request, ReleaseSettings settings, ReleaseJournal journal, ReleaseRecords records,
                String startedAt) {
            this.request = request;
            this.settings = settings;
            this.journal = journal;
            this.records = records;
            this.startedAt = startedAt;
            this.function = new EdgeFunction(clients.lambda(), settings.functionName(), journal);
            this.status = new EdgeStatus(clients);
        }

        RollbackReport back() {
            AliasState alias = alias();
            Optional<DeploymentInfo> active = status.activeDeployment(settings);
            if (active.isPresent() || alias.shifting()) {
                return stopShift(alias, active);
            }
            return restorePrevious(alias);
        }

        /** (a) CodeDeploy stops the shift and puts the alias back on its primary version; we wait until it has. */
        private RollbackReport stopShift(AliasState alias, Optional<DeploymentInfo> active) {
            String previous = alias.version();
            String shifted = alias.additionalVersion();
            String deploymentId = active.map(DeploymentInfo::deploymentId).orElse(null);
            if (deploymentId != null) {
                clients.codeDeploy().stopDeployment(r -> r.deploymentId(deploymentId).autoRollbackEnabled(true));
                journal.step("rollback", "Stopping deployment " + deploymentId + " with rollback (alias " + alias
                        + ")");
                alias = awaitBack(deploymentId, previous);
            } else {
                // routing left without a deployment (a killed tool, a manual change): clear it ourselves
                clients.lambda().updateAlias(r -> r.functionName(settings.functionName()).name(settings.alias())
                        .functionVersion(previous).routingConfig(rc -> rc.additionalVersionWeights(Map.of())));
                journal.step("rollback", "Alias " + settings.alias() + " routed to version " + shifted
                        + " without a deployment: routing cleared, back on version " + previous);
            }
            String shiftedBuild = shifted == null ? null : function.buildOf(shifted).map(BuildId::value).orElse(null);
            String previousBuild = buildOf(previous);
            if (shiftedBuild != null) {
                markRolledBack(shiftedBuild, "Shift stopped by edge-deploy:rollback");
            }
            return report(RollbackReport.Kind.SHIFT_STOPPED, previous, shiftedBuild, alias.version(), previousBuild,
                    deploymentId, false);
        }

        private AliasState awaitBack(String deploymentId, String previous) {
            Instant deadline = clock.instant().plus(settings.shiftTimeout());
            while (true) {
                DeploymentInfo info = clients.codeDeploy().getDeployment(r -> r.deploymentId(deploymentId))
                        .deploymentInfo();
                AliasState alias = alias();
                boolean ended = info.status() == DeploymentStatus.STOPPED || info.status() == DeploymentStatus.FAILED
                        || info.status() == DeploymentStatus.SUCCEEDED;
                if (ended && alias.version().equals(previous) && !alias.shifting()) {
                    journal.step("rollback", "Deployment " + deploymentId + " " + info.statusAsString() + ": alias "
                            + settings.alias() + " back on version " + previous);
                    return alias;
                }
                if (ended && !alias.shifting() && !alias.version().equals(previous)) {
                    throw new ReleaseFailedException("Deployment " + deploymentId + " ended "
                            + info.statusAsString() + " before it could be stopped: the alias is on version "
                            + alias.version() + ". Run edge-deploy:rollback again to move it back to version "
                            + previous + ".");
                }
                if (!clock.instant().isBefore(deadline)) {
                    throw new ReleaseFailedException("Deployment " + deploymentId + " is " + info.statusAsString()
                            + " and the alias is on " + alias + " after " + settings.shiftTimeout().toSeconds()
                            + " s; CodeDeploy goes on rolling back. Check it with edge-deploy:status.");
                }
                journal.debug("Deployment " + deploymentId + " " + info.statusAsString() + ", alias " + alias);
                Pause.sleep(settings.pollInterval());
            }
        }

        /** (b) The alias back to the version before, CloudFront untouched: V_k's containers serve its blue. */
        private RollbackReport restorePrevious(AliasState alias) {
            String current = alias.version();
            String currentBuild = buildOf(current);
            if (currentBuild == null) {
                throw new ReleaseFailedException("Cannot tell which build version " + current + " carries (its"
                        + " description is not 'edge-deploy <buildId>' and " + ReleaseRecords.LIVE_KEY
                        + " does not name it): nothing edge-deploy can roll back. Use -DedgeDeploy.to=<buildId>.");
            }
            ReleaseReport record = records.readDeployment(currentBuild)
                    .filter(r -> current.equals(r.version()))
                    .orElse(null);
            if (record == null || record.previousVersion() == null || record.blueBuildId() == null) {
                throw new ReleaseFailedException("Nothing to roll back to: version " + current + " (build "
                        + currentBuild + ") " + (record == null ? "has no deployment record "
                        + ReleaseRecords.deploymentKey(currentBuild) : "is the first release, it has no previous"
                        + " version") + ". To serve an older build, roll forward to it: -DedgeDeploy.to=<buildId>.");
            }
            String previous = record.previousVersion();
            String blue = record.blueBuildId();
            Optional<BuildId> previousBuild = function.buildOf(previous);
            if (previousBuild.isPresent() && !previousBuild.get().value().equals(blue)) {
                throw new ReleaseFailedException("Version " + previous + " carries build " + previousBuild.get()
                        + " but version " + current + " was released with build " + blue + " as blue: the records"
                        + " disagree, so its containers would not serve version " + previous + "'s build. Roll"
                        + " forward instead: -DedgeDeploy.to=" + blue + ".");
            }
            // the containers CloudFront runs must be V_k's: only they carry V_(k-1)'s build as blue
            String currentArn = function.versionArn(current);
            var config = clients.cloudFront().getDistributionConfig(r -> r.id(settings.distributionId()))
                    .distributionConfig();
            List<String> others = new ArrayList<>();
            DistributionAssociation.running(config, settings).forEach((pattern, arn) -> {
                if (!currentArn.equals(arn)) {
                    others.add(pattern + " runs " + arn);
                }
            });
            if (!others.isEmpty()) {
                throw new ReleaseFailedException("CloudFront " + settings.distributionId() + " does not run version "
                        + current + " (" + String.join(", ", others) + "), so moving the alias would not bring"
                        + " build " + blue + " back everywhere. Roll forward instead: -DedgeDeploy.to=" + blue + ".");
            }
            clients.lambda().updateAlias(r -> r.functionName(settings.functionName()).name(settings.alias())
                    .functionVersion(previous).routingConfig(rc -> rc.additionalVersionWeights(Map.of())));
            journal.step("rollback", "Alias " + settings.alias() + " moved from version " + current + " (build "
                    + currentBuild + ") back to version " + previous + " (build " + blue + "); CloudFront unchanged:"
                    + " version " + current + " serves build " + blue + " within " + blueWithinSeconds(settings)
                    + " s (its containers' next weights probe)");
            records.writeLive(new ReleaseRecords.LiveRelease(blue, settings.functionName(), settings.alias(),
                    previous, null, clock.instant().toString()));
            markRolledBack(currentBuild, "Rolled back by edge-deploy:rollback to version " + previous + " (build "
                    + blue + ")");
            return report(RollbackReport.Kind.ALIAS_RESTORED, current, currentBuild, previous, blue, null, false);
        }

        /** (c) An older committed build, released again all at once with the live build as blue. */
        RollbackReport rollForward(BuildId to) {
            List<StatusReport.RegionCommit> regions = status.committed(request.target(), to.value());
            List<String> missing = regions.stream().filter(r -> !r.committed())
                    .map(r -> r.region() + " (s3://" + r.bucket() + ")").toList();
            if (!missing.isEmpty()) {
                throw new ReleaseFailedException("Build " + to + " is not committed in " + String.join(", ", missing)
                        + ": its manifest is missing there, so viewers could miss its assets. Upload it again"
                        + " (deploy that build) or choose a build committed in every region (edge-deploy:status).");
            }
            AliasState alias = alias();
            if (alias.shifting() || status.activeDeployment(settings).isPresent()) {
                throw new ReleaseFailedException("A shift is in progress (alias " + alias + "): stop it first with"
                        + " edge-deploy:rollback (without -DedgeDeploy.to), then roll forward.");
            }
            String current = alias.version();
            String liveBuild = buildOf(current);
            if (to.value().equals(liveBuild)) {
                throw new ReleaseFailedException("Build " + to + " is already live on version " + current
                        + ": nothing to roll forward.");
            }
            if (liveBuild == null) {
                throw new ReleaseFailedException("Cannot tell which build version " + current + " carries, so it"
                        + " cannot be the blue build of the roll-forward. Release a build with edge-deploy:deploy.");
            }
            CommittedEntry committed = new CommittedEntry(clients.s3(request.target().primary().region()),
                    request.target().primary().bucket());
            EdgeConfig packaged = EdgeRelease.packagedConfig(request.packagedBundle());
            EdgeConfig config = new EdgeConfig(packaged.schemaVersion(), packaged.domain(), packaged.entryPath(),
                    Map.of(EdgeConfig.GREEN, committed.read(to)), packaged.origin(), packaged.compression(),
                    packaged.cors()).forRelease(committed.read(BuildId.of(liveBuild)),
                            settings.edgeRelease(request.target().primary().bucket()));
            EdgeBundle bundle = EdgeRelease.render(runtime, config, request.outputTimestamp(),
                    request.workDirectory().resolve(ROLLBACK_BUNDLE_NAME));
            journal.step("render", "Rendered " + ROLLBACK_BUNDLE_NAME + ": green " + to + ", blue " + liveBuild
                    + ", CodeSha256 " + bundle.codeSha256());
            PublishedVersion version = function.publish(bundle, to, settings.functionRoleArn());
            DistributionAssociation distribution = new DistributionAssociation(clients.cloudFront(), journal, clock);
            boolean updated = distribution.point(settings, version.arn());
            distribution.awaitDeployed(settings.distributionId(), settings.distributionTimeout(),
                    settings.pollInterval());
            clients.lambda().updateAlias(r -> r.functionName(settings.functionName()).name(settings.alias())
                    .functionVersion(version.version()).routingConfig(rc -> rc.additionalVersionWeights(Map.of())));
            journal.step("shift", "Alias " + settings.alias() + " moved from version " + current + " to version "
                    + version.version() + " all at once: build " + to + " is live again");
            String now = clock.instant().toString();
            records.writeLive(new ReleaseRecords.LiveRelease(to.value(), settings.functionName(), settings.alias(),
                    version.version(), null, now));
            records.writeDeployment(new ReleaseReport(to.value(), liveBuild, settings.functionName(),
                    settings.alias(), current, version.version(), version.arn(), version.published(), updated, null,
                    ReleaseReport.Outcome.SHIFTED, startedAt, now, journal.steps(), null));
            return report(RollbackReport.Kind.ROLLED_FORWARD, current, liveBuild, version.version(), to.value(),
                    null, updated);
        }

        /** Rewrites the build's deployment record as rolled back, keeping what the release recorded. */
        private void markRolledBack(String buildId, String why) {
            records.readDeployment(buildId).ifPresent(r -> {
                List<ReleaseStep> steps = new ArrayList<>(r.steps());
                steps.addAll(journal.steps());
                records.writeDeployment(new ReleaseReport(r.buildId(), r.blueBuildId(), r.functionName(), r.alias(),
                        r.previousVersion(), r.version(), r.versionArn(), r.published(), r.distributionUpdated(),
                        r.deploymentId(), ReleaseReport.Outcome.ROLLED_BACK, r.startedAt(),
                        clock.instant().toString(), steps, why));
            });
        }

        private AliasState alias() {
            return function.alias(settings.alias()).orElseThrow(() -> new ReleaseFailedException("The alias "
                    + settings.functionName() + ":" + settings.alias() + " does not exist: nothing was released,"
                    + " so there is nothing to roll back. Deploy a build first."));
        }

        private String buildOf(String version) {
            return function.buildOf(version).map(BuildId::value).or(() -> records.readLive()
                    .filter(live -> live.version().equals(version)).map(ReleaseRecords.LiveRelease::buildId))
                    .orElse(null);
        }

        private RollbackReport report(RollbackReport.Kind kind, String fromVersion, String fromBuild,
                String toVersion, String toBuild, String deploymentId, boolean distributionUpdated) {
            return new RollbackReport(kind, fromVersion, fromBuild, toVersion, toBuild, deploymentId,
                    distributionUpdated, startedAt, clock.instant().toString(), journal.steps());
        }
    }

    /**
     * How long an edge container may serve the old answer after the alias moved: its longest jittered refresh
     * interval (1.2 T), plus the regional alias cache the probe may read, plus a probe (rounded up to a second).
     */
    static long blueWithinSeconds(ReleaseSettings settings) {
        return (long) Math.ceil(1.2 * settings.refreshSeconds() + settings.aliasCacheSeconds()) + 1;
    }
}
