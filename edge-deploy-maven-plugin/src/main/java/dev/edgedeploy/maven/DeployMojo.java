package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.record.DeploymentRecord;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.core.upload.UploadReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the packaged build to every bucket in parallel, verifies every region, then commits it by writing its
 * manifest last in each region. Writes {@code deployment.json} beside the packaged builds.
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
        try (SandboxTarget local = sandbox ? startSandbox(target) : null;
                AwsClients clients = new AwsClients(sandbox ? local.settings(settings) : settings.withCredentials(credentials()))) {
            listener.on(DeployEvent.lifecycle("Deploying build " + build.buildId() + " to "
                    + (sandbox ? local : "AWS (" + clients.settings().credentials() + ")")));
            UploadReport report = new ReplicatedUploader(clients).upload(build, target, listener);
            Path record = DeploymentRecord.write(outputDirectory.toPath(), report);
            UploadSummary.lines(report).forEach(line -> listener.on(DeployEvent.lifecycle(line)));
            listener.on(DeployEvent.lifecycle("Build " + build.buildId() + " is committed in " + report.regions().size()
                    + " regions (" + record + "); publishing the edge function and shifting traffic are not part of"
                    + " this version, so viewers are unchanged."));
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
