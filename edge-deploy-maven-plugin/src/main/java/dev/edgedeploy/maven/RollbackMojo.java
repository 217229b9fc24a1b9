package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.release.EdgeRollback;
import dev.edgedeploy.core.release.RollbackReport;
import dev.edgedeploy.core.release.RollbackRequest;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.upload.DeployTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Puts viewers back on the previous build. During a shift: CodeDeploy stops it with rollback. After it: alias
 * {@code live} moves back to the previous release's version, and every edge container serves blue within its refresh
 * interval, with no CloudFront change. With {@code -DedgeDeploy.to=<buildId>}: that older committed build is
 * released again, all at once (a roll-forward; it needs a packaged bundle of this project for its settings).
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractReleaseMojo {

    /** Roll forward to this older build, committed in every region, instead of back to the previous one. */
    @Parameter(property = PropertyNames.TO)
    private String to;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.SKIP_ROLLBACK, defaultValue = "false")
    private boolean skipRollback;

    @Override
    protected void run(DeployListener listener) {
        DeployTarget target = deployTarget();
        ReleaseParameters release = releaseParameters();
        BuildId toBuild = to == null || to.isBlank() ? null : BuildId.of(to.trim());
        Path bundle = toBuild == null ? null : packagedBundle(toBuild);
        try (ReleaseSession session = openSession(target, AwsSettings.defaults())) {
            ReleaseSettings settings = releaseSettings(session, release, existingDistribution(session, release));
            RollbackRequest request = toBuild == null ? RollbackRequest.back(target, settings)
                    : new RollbackRequest(target, settings, toBuild, bundle, outputTimestamp(),
                            outputDirectory().toPath());
            listener.on(DeployEvent.lifecycle((toBuild == null ? "Rolling back " : "Rolling forward to build "
                    + toBuild + " of ") + release.function() + " on " + session));
            RollbackReport report = new EdgeRollback(session.clients(), EdgeRuntimeFiles.fromClasspath())
                    .rollback(request, listener);
            listener.on(DeployEvent.lifecycle(report.summary()));
        }
    }

    /** The packaged bundle of {@code to} if this project still has it, else the project's latest packaged one. */
    private Path packagedBundle(BuildId toBuild) {
        Path directory = outputDirectory().toPath();
        Path own = directory.resolve(toBuild.value()).resolve(PackagedBuild.BUNDLE_NAME);
        return Files.isRegularFile(own) ? own : latestBundle(directory).orElseThrow(() -> InvalidInputException.of(
                new Problem(directory.toString(), "rolling forward re-renders the edge bundle around build " + toBuild
                        + " with this project's settings, and no packaged build is there.",
                        "run the package phase first: mvn package edge-deploy:rollback -D" + PropertyNames.TO + "="
                                + toBuild + ".")));
    }

    private static Optional<Path> latestBundle(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> builds = Files.list(directory)) {
            return builds.map(build -> build.resolve(PackagedBuild.BUNDLE_NAME)).filter(Files::isRegularFile)
                    .max(Comparator.comparing(RollbackMojo::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + file, e);
        }
    }

    @Override
    protected String goal() {
        return "rollback";
    }

    @Override
    protected String goalSkipProperty() {
        return PropertyNames.SKIP_ROLLBACK;
    }

    @Override
    protected boolean goalSkipped() {
        return skipRollback;
    }
}
