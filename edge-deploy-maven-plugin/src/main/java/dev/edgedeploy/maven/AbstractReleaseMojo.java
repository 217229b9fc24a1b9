package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import java.io.File;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parameters shared by the goals that act on a release (deploy, status, rollback): credentials, the edge function
 * and its distribution, and how they are reached on the sandbox or AWS.
 */
public abstract class AbstractReleaseMojo extends AbstractTargetMojo {

    /** Where the package goal wrote the builds, and where {@code deployment.json} goes. */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/edge-deploy")
    private File outputDirectory;

    /** A named AWS profile; otherwise the AWS default credential chain. */
    @Parameter(property = PropertyNames.PROFILE)
    private String profile;

    /** A role to assume on top of those credentials, e.g. a deployer role of another account. */
    @Parameter(property = PropertyNames.ROLE_ARN)
    private String roleArn;

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
     * The CloudFront distribution serving the widget. Required on aws; on the sandbox, when unset, the distribution
     * marked {@code edge-deploy:<functionName>} (deploy creates it on the primary bucket when missing).
     */
    @Parameter(property = PropertyNames.DISTRIBUTION_ID)
    private String distributionId;

    /** The edge function's execution role, used when the first release creates the function. Required on aws. */
    @Parameter(property = PropertyNames.FUNCTION_ROLE_ARN)
    private String functionRoleArn;

    /** The service role of the CodeDeploy deployment group created on the first shift. Required on aws. */
    @Parameter(property = PropertyNames.CODEDEPLOY_ROLE_ARN)
    private String codeDeployRoleArn;

    /** CloudWatch alarms (us-east-1, at most 10) that stop the shift and move the alias back to the previous build. */
    @Parameter(property = PropertyNames.ALARMS)
    private List<String> alarms;

    /**
     * Client errors of the new build per minute (reported by viewers' pages through the edge's error beacon) that stop
     * the shift and roll it back: the alarm {@code <functionName>-client-errors} watches the build being shifted to.
     * Default 10; {@code 0} creates no such alarm.
     */
    @Parameter(property = PropertyNames.CLIENT_ERROR_THRESHOLD)
    private Integer clientErrorThreshold;

    /** Break another deployer's release lock when it is older than two hours (never done automatically). */
    @Parameter(property = PropertyNames.BREAK_STALE_LOCK, defaultValue = "false")
    private boolean breakStaleLock;

    /**
     * How often, at most, an edge container re-reads alias {@code live}'s weights (jittered): the bound on how long
     * viewers take to follow a shift step or a rollback. Each refresh is one Lambda invocation per container.
     */
    @Parameter(property = PropertyNames.REFRESH_SECONDS, defaultValue = "10")
    private int refreshSeconds;

    /** Fixed time for a rendered bundle's zip entries (Maven's reproducible-builds property). */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Parameter(defaultValue = "${settings.offline}", readonly = true)
    private boolean offline;

    /** The release parameters as given; the deploy goal adds its traffic shift. */
    protected ReleaseParameters releaseParameters() {
        return new ReleaseParameters(functionName, project().getArtifactId(), distributionId, functionRoleArn,
                codeDeployRoleArn, null, null, null, null, null, alarms, false, breakStaleLock, refreshSeconds,
                clientErrorThreshold);
    }

    /**
     * Opens the clients of the target: the sandbox running on the state directory (or one started for this goal),
     * or AWS with the configured credentials.
     */
    protected ReleaseSession openSession(DeployTarget target, AwsSettings settings) {
        if (targetKind() != DeployTargetKind.SANDBOX) {
            if (offline) {
                throw InvalidInputException.of(new Problem("-o / --offline", "the aws target cannot be reached offline.",
                        "run without -o, or use the sandbox (-D" + PropertyNames.TARGET + "=sandbox)."));
            }
            return new ReleaseSession(null, new AwsClients(settings.withMaxAttempts(maxAttempts)
                    .withCredentials(credentials())));
        }
        SandboxTarget sandbox = sandboxForGoal(target);
        try {
            return new ReleaseSession(sandbox, new AwsClients(sandbox.settings(settings.withMaxAttempts(maxAttempts))));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /**
     * The distribution that serves the function: the configured one, or on the sandbox the one marked for the
     * function.
     *
     * @throws InvalidInputException when none is configured and none exists yet
     */
    protected String existingDistribution(ReleaseSession session, ReleaseParameters release) {
        return release.distribution().orElseGet(() -> new DistributionBootstrap(session.clients().cloudFront())
                .existing(release.function()).orElseThrow(() -> InvalidInputException.of(new Problem(
                        "<distributionId> / -D" + PropertyNames.DISTRIBUTION_ID, "no distribution serves function "
                                + release.function() + " on " + session + ".",
                        "deploy a build first (mvn deploy), or give the distribution's id."))));
    }

    /**
     * Settings for the release goals: the distribution, and on the sandbox its Lambda, CloudWatch and S3 endpoints and
     * fast polling.
     */
    protected ReleaseSettings releaseSettings(ReleaseSession session, ReleaseParameters release, String distribution) {
        return release.settings(distribution, session.onSandbox(), session.bundleLambdaEndpoint(),
                session.bundleCloudWatchEndpoint(), session.bundleS3Endpoint());
    }

    protected File outputDirectory() {
        return outputDirectory;
    }

    protected Instant outputTimestamp() {
        return OutputTimestamp.parse(outputTimestamp);
    }

    private CredentialsSource credentials() {
        CredentialsSource base = profile == null || profile.isBlank()
                ? CredentialsSource.defaultChain() : CredentialsSource.profile(profile.trim());
        return roleArn == null || roleArn.isBlank() ? base : base.assumingRole(roleArn.trim(), "edge-deploy");
    }
}
