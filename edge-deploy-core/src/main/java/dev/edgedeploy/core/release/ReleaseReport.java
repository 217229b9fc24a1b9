package dev.edgedeploy.core.release;

import java.util.List;

/**
 * What a release did: the machine-readable part of {@code deployment.json} and of the deployment record kept in the
 * primary bucket ({@code _edge-deploy/deployments/<buildId>.json}), which {@code status}, {@code rollback} and a
 * resumed deploy read.
 *
 * @param buildId the build released (green)
 * @param blueBuildId the build live before (blue); null on the first release
 * @param functionName the edge function
 * @param alias the shifted alias
 * @param previousVersion the alias's version before; null on the first release
 * @param version the version carrying this build
 * @param versionArn its ARN, the one CloudFront runs
 * @param published whether this run published the version (false: an unchanged bundle reused it)
 * @param distributionUpdated whether this run changed the distribution
 * @param deploymentId the CodeDeploy deployment; null when none ran (first release, already live)
 * @param outcome how it ended
 * @param startedAt ISO-8601 UTC
 * @param finishedAt ISO-8601 UTC
 * @param steps every step with its time
 * @param failure why it failed (deployment, trigger); null unless it did
 */
public record ReleaseReport(String buildId, String blueBuildId, String functionName, String alias,
        String previousVersion, String version, String versionArn, boolean published, boolean distributionUpdated,
        String deploymentId, Outcome outcome, String startedAt, String finishedAt, List<ReleaseStep> steps,
        String failure) {

    public enum Outcome {
        /** The first release: the alias was created on the version, nothing to shift from. */
        CREATED,
        /** CodeDeploy moved the alias to the version. */
        SHIFTED,
        /** The alias already served this build: nothing changed. */
        ALREADY_LIVE,
        /** The shift failed or was stopped; the alias is back on the previous version. */
        ROLLED_BACK,
        /** The release stopped before or during the shift for another reason (see failure). */
        FAILED
    }

    public ReleaseReport {
        steps = List.copyOf(steps);
    }

    public boolean succeeded() {
        return outcome == Outcome.CREATED || outcome == Outcome.SHIFTED || outcome == Outcome.ALREADY_LIVE;
    }
}
