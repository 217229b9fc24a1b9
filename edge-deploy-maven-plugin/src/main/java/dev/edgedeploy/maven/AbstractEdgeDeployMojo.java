package dev.edgedeploy.maven;

import dev.edgedeploy.core.event.DeployListener;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Every goal's frame: skip handling, one call into the core, and one error mapping. Goals only declare their
 * parameters and implement {@link #run}.
 */
public abstract class AbstractEdgeDeployMojo extends AbstractMojo {

    /** Skips every edge-deploy goal. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping edge-deploy:" + goal() + " (" + PropertyNames.SKIP + "=true)");
            return;
        }
        if (goalSkipped()) {
            getLog().info("Skipping edge-deploy:" + goal() + " (" + goalSkipProperty() + "=true)");
            return;
        }
        LogHygiene.apply();
        try {
            run(new MavenLogListener(getLog()));
        } catch (RuntimeException e) {
            MojoFailures.rethrow(e);
        }
    }

    protected MavenProject project() {
        return project;
    }

    /** The goal name, for log lines. */
    protected abstract String goal();

    /** The goal's own skip property, e.g. {@code edgeDeploy.deploy.skip}. */
    protected abstract String goalSkipProperty();

    /** Whether the goal's own skip parameter is set. */
    protected abstract boolean goalSkipped();

    protected abstract void run(DeployListener listener) throws MojoExecutionException, MojoFailureException;
}
