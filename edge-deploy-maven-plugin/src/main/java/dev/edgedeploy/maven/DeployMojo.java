package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.record.DeploymentRecord;
import dev.edgedeploy.core.release.EdgeRelease;
import dev.edgedeploy.core.release.ReleaseReport;
import dev.edgedeploy.core.release.ReleaseRequest;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.core.upload.UploadReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
public class DeployMojo extends AbstractTargetMojo {

    /** The build to deploy; set by the build-id or package goal, or given explicitly. */
    @Parameter(property = PropertyNames.BUILD_ID)
    private String buildId;

    /** Where the package goal wrote the build, and where {@code deployment.json} goes. */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/edge-deploy")
    private File outputDirectory;

    /** A named AWS profile; otherwise the AWS default credential chain. */
    @Parameter(property = PropertyNames.PROFILE)
    private String profile;

    /** A role to assume on top of those credentials, e.g. a deployer role of another account. */
    @Parameter(property = PropertyNames.ROLE_ARN)
    private String roleArn;

    /** Uploads in flight, across all regions. */
    @Parameter(property = PropertyNames.CONCURRENCY, defaultValue = "32")
    private int concurrency;

    /** Attempts per AWS call, with the SDK's standard backoff. */
    @Parameter(property = PropertyNames.MAX_ATTEMPTS, defaultValue = "5")
    private int maxAttempts;

    /**
     * The Lambda@Edge function (us-east-1) whose alias {@code live} serves the widget; also names the CodeDeploy
     * application and deployment group. Default: the artifact id, with characters Lambda refuses replaced by '-'.
     */
    @Parameter(property = PropertyNames.FUNCTION_NAME)
    private String functionName;

    /**
     * The CloudFront distribution serving the widget. Required on aws; on the sandbox, when unset, a distribution
     * marked {@code edge-deploy:<functionName>} is found or created on the primary bucket.
     */
    @Parameter(property = PropertyNames.DISTRIBUTION_ID)
    private String distributionId;

    /** The edge function's execution role, used when the first release creates the function. Required on aws. */
    @Parameter(property = PropertyNames.FUNCTION_ROLE_ARN)
    private String functionRoleArn;

    /** The service role of the CodeDeploy deployment group created on the first shift. Required on aws. */
    @Parameter(property = PropertyNames.CODEDEPLOY_ROLE_ARN)
    private String codeDeployRoleArn;

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

    /** CloudWatch alarms (us-east-1, at most 10) that stop the shift and move the alias back to the previous build. */
    @Parameter(property = PropertyNames.ALARMS)
    private List<String> alarms;

    /** Ship even while an alarm fires: this one deployment ignores the alarms (logged as a warning). */
    @Parameter(property = PropertyNames.OVERRIDE_ALARMS, defaultValue = "false")
    private boolean overrideAlarms;

    /** Break another deployer's release lock when it is older than two hours (never done automatically). */
    @Parameter(property = PropertyNames.BREAK_STALE_LOCK, defaultValue = "false")
    private boolean breakStaleLock;

    /** Fixed time for the release bundle's zip entries (Maven's reproducible-builds property). */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_DEPLOY, defaultValue = "false")
    private boolean skipDeploy;

    @Parameter(defaultValue = "${settings.offline}", readonly = true)
    private boolean offline;

    @Override
    protected void run(DeployListener listener) {
        PackagedBuild build = packagedBuild();
        DeployTarget target = deployTarget();
        AwsSettings settings = AwsSettings.defaults().withMaxAttempts(maxAttempts).withMaxConcurrency(concurrency);
        boolean sandbox = targetKind() == DeployTargetKind.SANDBOX;
        if (!sandbox && offline) {
            throw InvalidInputException.of(new Problem("-o / --offline", "the aws target cannot be reached offline.",
                    "run without -o, or deploy to the sandbox (-D" + PropertyNames.TARGET + "=sandbox)."));
        }
        ReleaseParameters release = releaseParameters();
        release.check(sandbox);
        try (SandboxTarget local = sandbox ? startSandbox(target) : null;
                AwsClients clients = new AwsClients(sandbox ? local.settings(settings) : settings.withCredentials(credentials()))) {
            listener.on(DeployEvent.lifecycle("Deploying build " + build.buildId() + " to "
                    + (sandbox ? local : "AWS (" + clients.settings().credentials() + ")")));
            UploadReport report = new ReplicatedUploader(clients).upload(build, target, listener);
            Path record = DeploymentRecord.write(outputDirectory.toPath(), report);
            UploadSummary.lines(report).forEach(line -> listener.on(DeployEvent.lifecycle(line)));
            listener.on(DeployEvent.lifecycle("Build " + build.buildId() + " is committed in " + report.regions().size()
                    + " regions; releasing it"));
            String distribution = release.distribution().orElseGet(() -> new DistributionBootstrap(clients.cloudFront())
                    .ensure(release.function(), target.primary(), listener));
            ReleaseSettings releaseSettings = release.settings(distribution, sandbox,
                    sandbox ? local.sandbox().endpoints().lambda().toString() : null);
            ReleaseReport released = new EdgeRelease(clients, EdgeRuntimeFiles.fromClasspath()).release(
                    new ReleaseRequest(build, target.primary(), releaseSettings, OutputTimestamp.parse(outputTimestamp),
                            outputDirectory.toPath(), report), listener);
            listener.on(DeployEvent.lifecycle(ReleaseSummary.line(released, record)));
            if (sandbox) {
                // the edge front listens only while a sandbox runs, so this goal names the command, not a dead URL
                listener.on(DeployEvent.lifecycle("To see it, run mvn edge-deploy:sandbox: it serves distribution "
                        + distribution + " and prints its edge front URL (open <url>/assets/index.js)"));
            }
        }
    }

    private ReleaseParameters releaseParameters() {
        return new ReleaseParameters(functionName, project().getArtifactId(), distributionId, functionRoleArn,
                codeDeployRoleArn, deploymentConfig, canaryPercentage, canaryInterval, linearPercentage,
                linearInterval, alarms, overrideAlarms, breakStaleLock);
    }

    private PackagedBuild packagedBuild() {
        if (buildId == null || buildId.isBlank()) {
            throw InvalidInputException.of(new Problem("<buildId> / -D" + PropertyNames.BUILD_ID,
                    "no build id is set, so there is no packaged build to deploy.",
                    "run the build-id and package goals first (mvn deploy runs them), or give -D"
                            + PropertyNames.BUILD_ID + "=<id> of a packaged build."));
        }
        BuildId id = BuildId.of(buildId.trim());
        Path directory = outputDirectory.toPath().resolve(id.value());
        if (!Files.isRegularFile(directory.resolve(BuildLayout.MANIFEST_NAME))) {
            throw InvalidInputException.of(new Problem(directory.toString(), "build " + id + " is not packaged.",
                    "run the package goal first (mvn deploy runs it)."));
        }
        return PackagedBuild.read(directory);
    }

    private CredentialsSource credentials() {
        CredentialsSource base = profile == null || profile.isBlank()
                ? CredentialsSource.defaultChain() : CredentialsSource.profile(profile.trim());
        return roleArn == null || roleArn.isBlank() ? base : base.assumingRole(roleArn.trim(), "edge-deploy");
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
