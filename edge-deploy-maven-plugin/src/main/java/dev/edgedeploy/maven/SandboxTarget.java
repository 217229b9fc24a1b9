package dev.edgedeploy.maven;

import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The embedded default target: a sandbox started for one goal on its state directory, and how to reach it. */
final class SandboxTarget implements AutoCloseable {

    static final DeployTarget DEFAULT_TARGET = new DeployTarget(bucketIn("us-east-1"),
            List.of(bucketIn("eu-west-1"), bucketIn("ap-southeast-2")));
    static final String DEFAULT_DOMAIN = "edge.sandbox.localhost";

    private final EdgeSandbox sandbox;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SandboxTarget(EdgeSandbox sandbox) {
        this.sandbox = sandbox;
    }

    static SandboxTarget start(Path stateDirectory, int basePort, double timeScale, DeployTarget target) {
        EdgeSandbox.Builder builder = EdgeSandbox.builder().stateDirectory(stateDirectory).basePort(basePort)
                .timeScale(timeScale);
        target.all().forEach(bucket -> builder.region(bucket.region(), bucket.bucket()));
        return new SandboxTarget(builder.start());
    }

    EdgeSandbox sandbox() {
        return sandbox;
    }

    /** The same settings, pointed at the sandbox: its endpoints and its public keys are the only differences. */
    AwsSettings settings(AwsSettings base) {
        SandboxEndpoints endpoints = sandbox.endpoints();
        return base.withEndpoints(ServiceEndpoints.of(endpoints.s3(), endpoints.lambda(), endpoints.cloudFront(),
                        endpoints.codeDeploy(), endpoints.cloudWatch()))
                .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    }

    @Override
    public String toString() {
        return "sandbox at " + sandbox.s3Endpoint() + " (state in " + sandbox.stateDirectory() + ")";
    }

    /** Stops the sandbox once; later calls (e.g. from a shutdown hook after a normal stop) do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sandbox.close();
        }
    }


    private static BucketTarget bucketIn(String region) {
        return new BucketTarget(region, "edge-deploy-" + region);
    }
}
