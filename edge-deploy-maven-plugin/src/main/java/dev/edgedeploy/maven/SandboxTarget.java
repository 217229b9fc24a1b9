package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.RunningSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded default target: the sandbox already running on the state directory (e.g. {@code mvn
 * edge-deploy:sandbox} in another terminal, so a person watches the release in a browser), or else one started for
 * this goal and stopped after it.
 */
final class SandboxTarget implements AutoCloseable {

    static final DeployTarget DEFAULT_TARGET = new DeployTarget(bucketIn("us-east-1"),
            List.of(bucketIn("eu-west-1"), bucketIn("ap-southeast-2")));
    static final String DEFAULT_DOMAIN = "edge.sandbox.localhost";

    /** Null when this goal uses a sandbox another process runs. */
    private final EdgeSandbox started;
    private final SandboxEndpoints endpoints;
    private final Path stateDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SandboxTarget(EdgeSandbox started, SandboxEndpoints endpoints, Path stateDirectory) {
        this.started = started;
        this.endpoints = endpoints;
        this.stateDirectory = stateDirectory;
    }

    /** Starts a sandbox owned by this goal; fails, naming it, when one already runs on the state directory. */
    static SandboxTarget start(Path stateDirectory, int basePort, double timeScale, DeployTarget target) {
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(stateDirectory).basePort(basePort)
                .timeScale(timeScale);
        target.all().forEach(bucket -> builder.region(bucket.region(), bucket.bucket()));
        EdgeSandbox sandbox = builder.start();
        return new SandboxTarget(sandbox, sandbox.endpoints(), sandbox.stateDirectory());
    }

    /**
     * Uses the sandbox running on the state directory, if it serves every bucket of the target; else starts one
     * for this goal. The running one keeps its own ports and time scale.
     */
    static SandboxTarget startOrAttach(Path stateDirectory, int basePort, double timeScale, DeployTarget target) {
        Optional<RunningSandbox> running = RunningSandbox.on(stateDirectory);
        if (running.isEmpty()) {
            return start(stateDirectory, basePort, timeScale, target);
        }
        RunningSandbox sandbox = running.get();
        List<BucketTarget> missing = target.all().stream()
                .filter(bucket -> !bucket.bucket().equals(sandbox.buckets().get(bucket.region()))).toList();
        if (!missing.isEmpty()) {
            throw InvalidInputException.of(new Problem("<buckets>", "the sandbox running on "
                    + sandbox.stateDirectory() + " (process " + sandbox.processId() + ") serves " + sandbox.buckets()
                    + ", not " + missing + ".", "stop it and run this goal again (it then starts a sandbox with these"
                    + " buckets), or give another -D" + PropertyNames.SANDBOX_DIRECTORY + "."));
        }
        return new SandboxTarget(null, sandbox.endpoints(), sandbox.stateDirectory());
    }

    /** The sandbox this goal started; empty when it uses one another process runs. */
    Optional<EdgeSandbox> owned() {
        return Optional.ofNullable(started);
    }

    SandboxEndpoints endpoints() {
        return endpoints;
    }

    /** The same settings, pointed at the sandbox: its endpoints and its public keys are the only differences. */
    AwsSettings settings(AwsSettings base) {
        return base.withEndpoints(ServiceEndpoints.of(endpoints.s3(), endpoints.lambda(), endpoints.cloudFront(),
                        endpoints.codeDeploy(), endpoints.cloudWatch()))
                .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    }

    @Override
    public String toString() {
        return (started == null ? "the running sandbox at " : "sandbox at ") + endpoints.s3() + " (state in "
                + stateDirectory + ")";
    }

    /** Stops the sandbox this goal started, once; a running one it only used keeps running. */
    @Override
    public void close() {
        if (started != null && closed.compareAndSet(false, true)) {
            started.close();
        }
    }

    private static BucketTarget bucketIn(String region) {
        return new BucketTarget(region, "edge-deploy-" + region);
    }
}
