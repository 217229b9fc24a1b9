package dev.edgedeploy.maven;

import dev.edgedeploy.core.aws.AwsClients;

/**
 * What a release goal acts on: the AWS clients of its target, and the sandbox behind them when the target is the
 * sandbox. Closing it closes the clients, then stops the sandbox if the goal started it.
 */
final class ReleaseSession implements AutoCloseable {

    /** Null on aws. */
    private final SandboxTarget sandbox;
    private final AwsClients clients;

    ReleaseSession(SandboxTarget sandbox, AwsClients clients) {
        this.sandbox = sandbox;
        this.clients = clients;
    }

    AwsClients clients() {
        return clients;
    }

    boolean onSandbox() {
        return sandbox != null;
    }

    /** Whether the target is a sandbox another process runs (and keeps running after this goal). */
    boolean onRunningSandbox() {
        return sandbox != null && sandbox.owned().isEmpty();
    }

    /**
     * Where the edge's weights probe calls Lambda, as written into bundles: the sandbox's endpoint, or null for
     * AWS's own.
     */
    String bundleLambdaEndpoint() {
        return sandbox == null ? null : sandbox.endpoints().lambda().toString();
    }

    /**
     * Where the regional weights answer shares its GetAlias cache in the primary bucket, as written into bundles: the
     * sandbox's S3 endpoint, or null for AWS's own.
     */
    String bundleS3Endpoint() {
        return sandbox == null ? null : sandbox.endpoints().s3().toString();
    }

    /** Where the edge's beacon endpoint writes client errors: the sandbox's CloudWatch, null for AWS's own. */
    String bundleCloudWatchEndpoint() {
        return sandbox == null ? null : sandbox.endpoints().cloudWatch().toString();
    }

    @Override
    public String toString() {
        return sandbox != null ? sandbox.toString() : "AWS (" + clients.settings().credentials() + ")";
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
