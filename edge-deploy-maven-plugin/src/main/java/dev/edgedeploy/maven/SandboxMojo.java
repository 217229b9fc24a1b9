package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.bootstrap.DistributionBootstrap;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the sandbox in the foreground, with its state on disk, and prints where each service listens, so a person
 * can point tools and a browser at it. Stops on Ctrl-C (or after {@code stopAfter}).
 */
@Mojo(name = "sandbox", requiresProject = false, threadSafe = true)
public class SandboxMojo extends AbstractTargetMojo {

    /** Stop by itself after this ISO-8601 duration (e.g. {@code PT30M}); unset: run until interrupted. */
    @Parameter(property = PropertyNames.SANDBOX_STOP_AFTER)
    private String stopAfter;

    /**
     * A directory of static pages (a third-party site) to serve on its own loopback port, a different origin from the
     * edge front: {@code {{edgeDeploy.entryUrl}}} in its {@code .html} files becomes the entry URL of the project's
     * distribution (else the first one). Its URL is printed. Unset: no host page.
     */
    @Parameter(property = PropertyNames.SANDBOX_HOST_PAGE)
    private java.io.File hostPage;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_SANDBOX, defaultValue = "false")
    private boolean skipSandbox;

    @Override
    protected void run(DeployListener listener) {
        Duration limit = stopAfter == null || stopAfter.isBlank() ? null : parse(stopAfter.trim());
        try (SandboxTarget target = startSandbox(deployTarget())) {
            EdgeSandbox sandbox = target.owned().orElseThrow();
            SandboxEndpoints endpoints = sandbox.endpoints();
            listener.on(DeployEvent.lifecycle("Sandbox running, state in " + sandbox.stateDirectory()));
            listener.on(DeployEvent.lifecycle("  S3 (path-style) " + endpoints.s3() + "  buckets " + sandbox.buckets()));
            listener.on(DeployEvent.lifecycle("  Lambda          " + endpoints.lambda()));
            listener.on(DeployEvent.lifecycle("  CloudFront      " + endpoints.cloudFront()));
            listener.on(DeployEvent.lifecycle("  CloudWatch      " + endpoints.cloudWatch()));
            listener.on(DeployEvent.lifecycle("  CodeDeploy      " + endpoints.codeDeploy()));
            listener.on(DeployEvent.lifecycle("  Route53         " + endpoints.route53() + "  DNS udp://"
                    + endpoints.dns().getHostString() + ":" + endpoints.dns().getPort()));
            sandbox.cloudFront().distributions().forEach(distribution -> listener.on(DeployEvent.lifecycle(
                    "  edge front      " + sandbox.edgeFront().endpoint(distribution.id()) + "  (distribution "
                            + distribution.id() + ", " + distribution.domainName() + ")")));
            listener.on(DeployEvent.lifecycle("  credentials     access key " + EdgeSandbox.ACCESS_KEY_ID
                    + " (the sandbox's public keys; see EdgeSandbox)"));
            HostPage page = hostPage == null ? null : servePage(sandbox, listener);
            listener.on(DeployEvent.lifecycle(limit == null ? "Press Ctrl-C to stop." : "Stopping after " + limit + "."));
            // Ctrl-C ends the JVM without unwinding this frame: the hook still stops Node workers and servers
            Thread hook = new Thread(() -> {
                if (page != null) {
                    page.close();
                }
                target.close();
            }, "edge-deploy-sandbox-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            waitFor(limit);
            Runtime.getRuntime().removeShutdownHook(hook);
            if (page != null) {
                page.close();
            }
            listener.on(DeployEvent.lifecycle("Sandbox stopped; its state stays in " + sandbox.stateDirectory()));
        }
    }

    /** Serves the host page with the entry URL of the project's distribution, or of the first one. */
    private HostPage servePage(EdgeSandbox sandbox, DeployListener listener) {
        if (!hostPage.isDirectory()) {
            throw InvalidInputException.of(new Problem("<hostPage> / -D" + PropertyNames.SANDBOX_HOST_PAGE,
                    "'" + hostPage + "' is not a directory.", "give the directory holding the host page's index.html."));
        }
        var distributions = sandbox.cloudFront().distributions();
        if (distributions.isEmpty()) {
            listener.on(DeployEvent.lifecycle("  host page       not served: the sandbox has no distribution yet (run"
                    + " mvn deploy first)"));
            return null;
        }
        String marker = project() == null ? null
                : DistributionBootstrap.MARKER_PREFIX + ReleaseParameters.functionOf(project().getArtifactId());
        var distribution = distributions.stream().filter(d -> d.current().comment().equals(marker)).findFirst()
                .orElse(distributions.get(0));
        java.net.URI entry = sandbox.edgeFront().endpoint(distribution.id()).resolve("/assets/index.js");
        HostPage page = HostPage.serve(hostPage.toPath(), entry);
        listener.on(DeployEvent.lifecycle("  host page       " + page.url() + "  (another origin; embeds " + entry
                + ")"));
        return page;
    }

    private static void waitFor(Duration limit) {
        try {
            if (limit == null) {
                Thread.currentThread().join();
            } else {
                Thread.sleep(limit.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration parse(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of(new Problem("-D" + PropertyNames.SANDBOX_STOP_AFTER,
                    "'" + value + "' is not an ISO-8601 duration.", "use e.g. PT30M or PT10S."));
        }
    }

    @Override
    protected String goal() {
        return "sandbox";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_SANDBOX;
    }

    @Override
    protected boolean goalSkipped() {
        return skipSandbox;
    }
}
