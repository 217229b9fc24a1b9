package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.release.EdgeStatus;
import dev.edgedeploy.core.release.StatusReport;
import dev.edgedeploy.core.upload.DeployTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what viewers are served and what is under way: the live build, alias {@code live}'s weights, a CodeDeploy
 * deployment in progress (its step and alarm states), the version each CloudFront behavior runs, and in which
 * regions each build involved is committed. Reads only; changes nothing.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractReleaseMojo {

    /** {@code table} for people (default), or {@code json} for machines: one document, also written to a file. */
    @Parameter(property = PropertyNames.OUTPUT, defaultValue = "table")
    private String output;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_STATUS, defaultValue = "false")
    private boolean skipStatus;

    @Override
    protected void run(DeployListener listener) {
        boolean json = json();
        DeployTarget target = deployTarget();
        ReleaseParameters release = releaseParameters();
        try (ReleaseSession session = openSession(target, AwsSettings.defaults())) {
            String distribution = existingDistribution(session, release);
            StatusReport report = EdgeStatus.read(session.clients(), releaseSettings(session, release, distribution),
                    target);
            if (json) {
                Path file = outputDirectory().toPath().resolve("status.json");
                write(file, report.toJson());
                // the document alone on stdout, so `mvn -q edge-deploy:status -DedgeDeploy.output=json` pipes to jq
                System.out.println(report.toJson());
                listener.on(DeployEvent.debug("Status written to " + file));
            } else {
                listener.on(DeployEvent.lifecycle("Status of " + release.function() + " on " + session));
                report.lines().forEach(line -> listener.on(DeployEvent.lifecycle(line)));
            }
        }
    }

    private boolean json() {
        String format = output == null ? "table" : output.trim().toLowerCase(Locale.ROOT);
        return switch (format) {
            case "table" -> false;
            case "json" -> true;
            default -> throw InvalidInputException.of(new Problem("-D" + PropertyNames.OUTPUT, "'" + output
                    + "' is not an output format.", "use table or json."));
        };
    }

    private static void write(Path file, String json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    protected String goal() {
        return "status";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_STATUS;
    }

    @Override
    protected boolean goalSkipped() {
        return skipStatus;
    }
}
