package dev.edgedeploy.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code edge-deploy:status} shows: the alias and the builds its versions carry, the live record, a deployment
 * in progress, the version each of our CloudFront behaviors runs, and where the builds involved are committed. Its
 * JSON form ({@link #toJson()}) is stable for machines; {@link #lines()} is the table for people.
 *
 * @param functionName the edge function
 * @param aliasName the alias
 * @param alias where the alias points; null when it does not exist (nothing released yet)
 * @param live {@code live.json}; null when absent
 * @param deployment the CodeDeploy deployment in progress for the group; null when none
 * @param distribution the distribution and its behaviors
 * @param commits per build involved (live, shifting, blue), whether its manifest is in each bucket
 */
public record StatusReport(String functionName, String aliasName, Alias alias, ReleaseRecords.LiveRelease live,
        Deployment deployment, Distribution distribution, List<BuildCommit> commits) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public StatusReport {
        commits = List.copyOf(commits);
    }

    /**
     * @param version the primary version
     * @param buildId the build it carries as green; null when its description does not say
     * @param additionalVersion the version being shifted to; null when no shift
     * @param additionalBuildId the build that version carries; null when no shift
     * @param weight the additional version's share, 0–1
     */
    public record Alias(String version, String buildId, String additionalVersion, String additionalBuildId,
            double weight) {
    }

    /**
     * @param id the deployment
     * @param status CodeDeploy's status (Created, Queued, InProgress, …)
     * @param targetVersion the version it shifts to; null when the alias is not (yet) routing
     * @param percentOnTarget the share of traffic on the target version now (the step reached)
     * @param alarms each alarm of the group with its state (OK, ALARM, INSUFFICIENT_DATA)
     */
    public record Deployment(String id, String status, String targetVersion, int percentOnTarget,
            Map<String, String> alarms) {

        public Deployment {
            alarms = Map.copyOf(new TreeMap<>(alarms));
        }
    }

    /**
     * @param id the distribution
     * @param status InProgress or Deployed
     * @param behaviors our behaviors and the version each runs
     */
    public record Distribution(String id, String status, List<Behavior> behaviors) {

        public Distribution {
            behaviors = List.copyOf(behaviors);
        }
    }

    /**
     * @param pathPattern the behavior's path pattern ({@code default (*)} for the default behavior)
     * @param versionArn the origin-request version ARN it runs; null when none
     */
    public record Behavior(String pathPattern, String versionArn) {
    }

    /**
     * @param buildId the build
     * @param role why it is listed: {@code live}, {@code shifting} or {@code blue}
     * @param regions per bucket, whether the build's manifest is there (committed)
     */
    public record BuildCommit(String buildId, String role, List<RegionCommit> regions) {

        public BuildCommit {
            regions = List.copyOf(regions);
        }

        public boolean committedEverywhere() {
            return regions.stream().allMatch(RegionCommit::committed);
        }
    }

    /**
     * @param region the bucket's region
     * @param bucket the bucket
     * @param committed whether {@code assets/<buildId>/_edge-manifest.json} is there
     */
    public record RegionCommit(String region, String bucket, boolean committed) {
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StatusReport fromJson(String json) {
        try {
            return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), StatusReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table for people, one line each. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (alias == null) {
            lines.add(row("Alias", functionName + ":" + aliasName + " does not exist (nothing released yet)"));
        } else {
            lines.add(row("Alias", functionName + ":" + aliasName + " → version " + alias.version() + " (build "
                    + orUnknown(alias.buildId()) + ")"));
            if (alias.additionalVersion() != null) {
                lines.add(row("Weights", Math.round((1 - alias.weight()) * 100) + " % version " + alias.version()
                        + ", " + Math.round(alias.weight() * 100) + " % version " + alias.additionalVersion()
                        + " (build " + orUnknown(alias.additionalBuildId()) + ")"));
            } else {
                lines.add(row("Weights", "100 % version " + alias.version()));
            }
        }
        lines.add(row("Live record", live == null ? "none" : "build " + live.buildId() + " on version "
                + live.version() + (live.deploymentId() == null ? "" : " (deployment " + live.deploymentId() + ")")
                + " since " + live.at()));
        if (deployment == null) {
            lines.add(row("Deployment", "none in progress"));
        } else {
            lines.add(row("Deployment", deployment.id() + " " + deployment.status()
                    + (deployment.targetVersion() == null ? "" : ", " + deployment.percentOnTarget()
                    + " % on version " + deployment.targetVersion())));
            deployment.alarms().forEach((name, state) -> lines.add(row("  alarm", name + ": " + state)));
        }
        lines.add(row("Distribution", distribution.id() + " " + distribution.status()));
        for (Behavior behavior : distribution.behaviors()) {
            lines.add(row("  " + behavior.pathPattern(), behavior.versionArn() == null ? "no edge function"
                    : behavior.versionArn()));
        }
        for (BuildCommit commit : commits) {
            StringBuilder regions = new StringBuilder();
            for (RegionCommit region : commit.regions()) {
                regions.append(regions.isEmpty() ? "" : ", ").append(region.region()).append(' ')
                        .append(region.committed() ? "committed" : "MISSING");
            }
            lines.add(row("Build " + commit.buildId(), commit.role() + ": " + regions));
        }
        return lines;
    }

    private static String row(String label, String value) {
        return String.format("%-20s %s", label, value);
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }
}
