package dev.edgedeploy.maven;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.build.BuildIdStrategy;
import dev.edgedeploy.core.build.GitBuildId;
import dev.edgedeploy.core.build.RandomBuildId;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gives the build its id and exposes it as the project property {@code edgeDeploy.buildId}, so the webpack build
 * (run later in the same Maven build) can load its chunks from {@code /assets/<buildId>/}.
 */
@Mojo(name = "build-id", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class BuildIdMojo extends AbstractEdgeDeployMojo {

    /** An explicit build id; wins over the strategy. {@code [a-z0-9-]}, at most 64 characters. */
    @Parameter(property = PropertyNames.BUILD_ID)
    private String buildId;

    /**
     * How to choose the id when none is given: {@code git} (commit time and short sha of HEAD: stable per commit),
     * {@code content} (hash of the build output, resolved by the package goal), or {@code random}.
     */
    @Parameter(property = PropertyNames.BUILD_ID_STRATEGY, defaultValue = "git")
    private String buildIdStrategy;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_BUILD_ID, defaultValue = "false")
    private boolean skipBuildId;

    @Override
    protected void run(DeployListener listener) {
        if (buildId != null && !buildId.isBlank()) {
            BuildId explicit = BuildId.of(buildId.trim());
            expose(explicit);
            listener.on(DeployEvent.lifecycle("Build id " + explicit + " (given)"));
            return;
        }
        BuildIdStrategy strategy = BuildIdStrategy.parse(buildIdStrategy);
        switch (strategy) {
            case GIT -> announce(listener, GitBuildId.of(project().getBasedir().toPath()), "git commit");
            case RANDOM -> announce(listener, RandomBuildId.next(), "random");
            case CONTENT -> listener.on(DeployEvent.lifecycle(
                    "Build id: content strategy, resolved by edge-deploy:package from the build output"));
        }
    }

    private void announce(DeployListener listener, BuildId id, String source) {
        expose(id);
        listener.on(DeployEvent.lifecycle("Build id " + id + " (" + source + "), exposed as ${"
                + PropertyNames.BUILD_ID + "}"));
    }

    private void expose(BuildId id) {
        project().getProperties().setProperty(PropertyNames.BUILD_ID, id.value());
    }

    @Override
    protected String goal() {
        return "build-id";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_BUILD_ID;
    }

    @Override
    protected boolean goalSkipped() {
        return skipBuildId;
    }
}
