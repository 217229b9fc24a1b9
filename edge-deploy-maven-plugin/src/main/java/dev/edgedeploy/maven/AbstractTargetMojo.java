package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.DeployTargets;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters shared by the goals that need to know where the build goes. */
public abstract class AbstractTargetMojo extends AbstractEdgeDeployMojo {

    /**
     * {@code sandbox} (default): the embedded local AWS edge, no account needed; {@code aws}: the buckets of
     * {@code <buckets>} with credentials from the AWS default chain, {@code <profile>} or {@code <roleArn>}.
     */
    @Parameter(property = PropertyNames.TARGET, defaultValue = "sandbox")
    private String target;

    /**
     * One bucket per region; the one in us-east-1 is the primary. Optional on the sandbox target, which then
     * uses edge-deploy-us-east-1, edge-deploy-eu-west-1 and edge-deploy-ap-southeast-2.
     */
    @Parameter
    private List<BucketParameter> buckets;

    /** The CDN domain that host pages load {@code https://<domain>/assets/index.js} from. Required on aws. */
    @Parameter(property = PropertyNames.DOMAIN)
    private String domain;

    /** Where the sandbox keeps its state between runs. */
    @Parameter(property = PropertyNames.SANDBOX_DIRECTORY, defaultValue = "${user.home}/.edge-deploy/sandbox")
    private File sandboxDirectory;

    /**
     * The sandbox's first loopback port: S3 on it, Lambda, CloudFront, CloudWatch and CodeDeploy on the next four.
     * Fixed, because the Lambda endpoint is written into every edge bundle; 0 picks free ports (tests only).
     */
    @Parameter(property = PropertyNames.SANDBOX_BASE_PORT, defaultValue = "4610")
    private int sandboxBasePort;

    /**
     * How much faster than real time the sandbox runs: with the default 60, a CodeDeploy shift scheduled over ten
     * minutes takes ten seconds, and the sandbox's CloudFront and Lambda delays shrink alike. 1 = real time.
     */
    @Parameter(property = PropertyNames.SANDBOX_TIME_SCALE, defaultValue = "60")
    private double sandboxTimeScale;

    protected DeployTargetKind targetKind() {
        return DeployTargetKind.parse(target);
    }

    protected DeployTarget deployTarget() {
        if ((buckets == null || buckets.isEmpty()) && targetKind() == DeployTargetKind.SANDBOX) {
            return SandboxTarget.DEFAULT_TARGET;
        }
        List<BucketTarget> configured = buckets == null ? List.of()
                : buckets.stream().map(BucketParameter::toCore).toList();
        return DeployTargets.of(configured);
    }

    protected String domain() {
        if (domain != null && !domain.isBlank()) {
            return domain.trim();
        }
        if (targetKind() == DeployTargetKind.SANDBOX) {
            return SandboxTarget.DEFAULT_DOMAIN;
        }
        throw InvalidInputException.of(new Problem("<domain> / -D" + PropertyNames.DOMAIN,
                "the aws target needs the CDN domain host pages load the entry from.",
                "set <domain>cdn.example.com</domain>."));
    }

    /** Starts the embedded sandbox for this goal, on the configured state directory and ports. */
    protected SandboxTarget startSandbox(DeployTarget target) {
        return SandboxTarget.start(sandboxDirectory.toPath(), sandboxBasePort, sandboxTimeScale, target);
    }

    /** The sandbox running on the configured state directory, or else one started for this goal. */
    protected SandboxTarget sandboxForGoal(DeployTarget target) {
        return SandboxTarget.startOrAttach(sandboxDirectory.toPath(), sandboxBasePort, sandboxTimeScale, target);
    }
}
