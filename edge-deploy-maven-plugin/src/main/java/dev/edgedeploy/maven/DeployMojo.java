package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.record.DeploymentRecord;
import dev.edgedeploy.core.release.EdgeRelease;
import dev.edgedeploy.core.release.ReleaseLock;
import dev.edgedeploy.core.release.ReleaseReport;
import dev.edgedeploy.core.release.ReleaseRequest;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.core.upload.UploadReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the packaged build to every bucket in parallel, verifies every region, commits it by writing its manifest
 * last in each region, then releases it: publishes the edge function's version, points the distribution at it and
 * lets CodeDeploy shift alias {@code live} to it (ARCHITECTURE.md §2). Writes {@code deployment.json} beside the
 * packaged builds. Re-running with the same build converges: nothing uploaded, published or shifted again.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class DeployMojo extends AbstractReleaseMojo {

    /** The build to deploy; set by the build-id or package goal, or given explicitly. */
    @Parameter(property = PropertyNames.BUILD_ID)
    private String buildId;

    /** Uploads in flight, across all regions. */
    @Parameter(property = PropertyNames.CONCURRENCY, defaultValue = "" + AwsSettings.DEFAULT_MAX_CONCURRENCY)
    private int concurrency;

    /**
     * A predefined CodeDeploy Lambda configuration, with or without {@code Lambda}/{@code CodeDeployDefault.}:
     * {@code AllAtOnce}, {@code Canary10Percent5Minutes} (…10, 15, 30), {@code Linear10PercentEvery1Minute} (…2, 3,
     * 10). Default {@code Canary10Percent5Minutes}: a tenth of the viewers get the new build for five minutes while
     * the alarms watch, so a bad build reaches few people and is rolled back without anyone acting; AllAtOnce would
     * leave the alarms nothing to protect. (The very first release has nothing to shift from and is all at once.)
     */
    @Parameter(property = PropertyNames.DEPLOYMENT_CONFIG)
    private String deploymentConfig;

    /** A custom canary instead of {@code deploymentConfig}: this share first (1–99 %)… */
    @Parameter(property = PropertyNames.CANARY_PERCENTAGE)
    private Integer canaryPercentage;

    /** …then everything after this many minutes. */
    @Parameter(property = PropertyNames.CANARY_INTERVAL)
    private Integer canaryInterval;

    /** A custom linear shift instead of {@code deploymentConfig}: this share more (1–99 %)… */
    @Parameter(property = PropertyNames.LINEAR_PERCENTAGE)
    private Integer linearPercentage;

    /** …every this many minutes. */
    @Parameter(property = PropertyNames.LINEAR_INTERVAL)
    private Integer linearInterval;

    /** Ship even while an alarm fires: this one deployment ignores the alarms (logged as a warning). */
    @Parameter(property = PropertyNames.OVERRIDE_ALARMS, defaultValue = "false")
    private boolean overrideAlarms;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_DEPLOY, defaultValue = "false")
    private boolean skipDeploy;

    @Override
    protected void run(DeployListener listener) {
        PackagedBuild build = packagedBuild();
        DeployTarget target = deployTarget();
        ReleaseParameters release = releaseParameters().withShift(deploymentConfig, canaryPercentage,
                canaryInterval, linearPercentage, linearInterval, overrideAlarms);
        release.check(targetKind() == DeployTargetKind.SANDBOX);
        try (ReleaseSession session = openSession(target, AwsSettings.defaults().withMaxConcurrency(concurrency))) {
            listener.on(DeployEvent.lifecycle("Deploying build " + build.buildId() + " to " + session));
            ReleaseLock.refuseIfHeld(session.clients().s3(target.primary().region()), target.primary().bucket(),
                    ReleaseSettings.DEFAULT_STALE_LOCK_AGE, release.breakStaleLock(), Instant.now());
            UploadReport report = new ReplicatedUploader(session.clients()).upload(build, target, listener);
            Path record = DeploymentRecord.write(outputDirectory().toPath(), report);
            UploadSummary.lines(report).forEach(line -> listener.on(DeployEvent.lifecycle(line)));
            listener.on(DeployEvent.lifecycle("Build " + build.buildId() + " is committed in " + report.regions().size()
                    + " regions; releasing it"));
            String distribution = release.distribution().orElseGet(() -> new DistributionBootstrap(
                    session.clients().cloudFront()).ensure(release.function(), target.primary(), listener));
            ReleaseSettings settings = releaseSettings(session, release, distribution);
            ReleaseReport released = new EdgeRelease(session.clients(), EdgeRuntimeFiles.fromClasspath()).release(
                    new ReleaseRequest(build, target.primary(), settings, outputTimestamp(),
                            outputDirectory().toPath(), report), listener);
            listener.on(DeployEvent.lifecycle(ReleaseSummary.line(released, record)));
            if (session.onRunningSandbox()) {
                listener.on(DeployEvent.lifecycle("The running sandbox serves distribution " + distribution
                        + " on its edge front (open <url>/assets/index.js)"));
            } else if (session.onSandbox()) {
                // the edge front listens only while a sandbox runs, so this goal names the command, not a dead URL
                listener.on(DeployEvent.lifecycle("To see it, run mvn edge-deploy:sandbox: it serves distribution "
                        + distribution + " and prints its edge front URL (open <url>/assets/index.js)"));
            }
        }
    }

    private PackagedBuild packagedBuild() {
        if (buildId == null || buildId.isBlank()) {
            throw InvalidInputException.of(new Problem("<buildId> / -D" + PropertyNames.BUILD_ID,
                    "no build id is set, so there is no packaged build to deploy.",
                    "run the build-id and package goals first (mvn deploy runs them), or give -D"
                            + PropertyNames.BUILD_ID + "=<id> of a packaged build."));
        }
        BuildId id = BuildId.of(buildId.trim());
        Path directory = outputDirectory().toPath().resolve(id.value());
        if (!Files.isRegularFile(directory.resolve(BuildLayout.MANIFEST_NAME))) {
            throw InvalidInputException.of(new Problem(directory.toString(), "build " + id + " is not packaged.",
                    "run the package goal first (mvn deploy runs it)."));
        }
        return PackagedBuild.read(directory);
    }

    @Override
    protected String goal() {
        return "deploy";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_DEPLOY;
    }

    @Override
    protected boolean goalSkipped() {
        return skipDeploy;
    }
}
