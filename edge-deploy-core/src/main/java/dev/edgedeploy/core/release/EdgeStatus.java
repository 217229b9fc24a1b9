package dev.edgedeploy.core.release;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.codedeploy.model.Alarm;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the release state of a target without changing anything ({@code edge-deploy:status}): Lambda (alias and
 * version descriptions), the release records, CodeDeploy and CloudWatch (a deployment in progress and its alarms),
 * CloudFront (what our behaviors run) and every bucket (which builds are committed where).
 */
public final class EdgeStatus {

    /** The statuses of a deployment that has not ended. */
    static final List<String> ACTIVE_STATUSES = List.of("Created", "Queued", "InProgress", "Baking", "Ready");

    private final AwsClients clients;

    public EdgeStatus(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** One read of everything {@code status} shows. */
    public static StatusReport read(AwsClients clients, ReleaseSettings settings, DeployTarget target) {
        return new EdgeStatus(clients).read(settings, target);
    }

    public StatusReport read(ReleaseSettings settings, DeployTarget target) {
        settings.validate();
        EdgeFunction function = new EdgeFunction(clients.lambda(), settings.functionName(),
                new ReleaseJournal(DeployListener.NONE, Clock.systemUTC()));
        ReleaseRecords records = new ReleaseRecords(clients.s3(target.primary().region()), target.primary().bucket());
        Optional<AliasState> state = aliasOf(function, settings);
        Optional<ReleaseRecords.LiveRelease> live = records.readLive();

        StatusReport.Alias alias = state.map(a -> new StatusReport.Alias(a.version(), buildOf(function, a.version()),
                a.additionalVersion(), a.shifting() ? buildOf(function, a.additionalVersion()) : null, a.weight()))
                .orElse(null);

        Map<String, String> builds = new LinkedHashMap<>();
        if (alias != null && alias.buildId() != null) {
            builds.put(alias.buildId(), "live");
        } else {
            live.ifPresent(l -> builds.put(l.buildId(), "live"));
        }
        if (alias != null && alias.additionalBuildId() != null) {
            builds.putIfAbsent(alias.additionalBuildId(), "shifting");
        }
        String liveBuild = builds.keySet().stream().findFirst().orElse(null);
        if (liveBuild != null) {
            records.readDeployment(liveBuild).map(ReleaseReport::blueBuildId)
                    .ifPresent(blue -> builds.putIfAbsent(blue, "blue"));
        }
        List<StatusReport.BuildCommit> commits = new ArrayList<>();
        builds.forEach((buildId, role) -> commits.add(new StatusReport.BuildCommit(buildId, role,
                committed(target, buildId))));

        return new StatusReport(settings.functionName(), settings.alias(), alias, live.orElse(null),
                deployment(settings, state.orElse(null)).orElse(null), distribution(settings), commits);
    }

    /** Where the build's manifest is, bucket by bucket (primary first). */
    public List<StatusReport.RegionCommit> committed(DeployTarget target, String buildId) {
        String key = BuildLayout.manifestKey(BuildId.of(buildId));
        List<StatusReport.RegionCommit> regions = new ArrayList<>();
        for (BucketTarget bucket : target.all()) {
            boolean present;
            try {
                clients.s3(bucket.region()).headObject(r -> r.bucket(bucket.bucket()).key(key));
                present = true;
            } catch (NoSuchKeyException e) {
                present = false;
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                present = false;
            }
            regions.add(new StatusReport.RegionCommit(bucket.region(), bucket.bucket(), present));
        }
        return regions;
    }

    private static Optional<AliasState> aliasOf(EdgeFunction function, ReleaseSettings settings) {
        try {
            return function.alias(settings.alias());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String buildOf(EdgeFunction function, String version) {
        try {
            return function.buildOf(version).map(BuildId::value).orElse(null);
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** The group's deployment that has not ended, if any, with the alias's weight on its target as the step. */
    Optional<StatusReport.Deployment> deployment(ReleaseSettings settings, AliasState alias) {
        Optional<DeploymentInfo> active = activeDeployment(settings);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        DeploymentInfo info = active.get();
        String target = alias != null && alias.shifting() ? alias.additionalVersion() : null;
        int percent = target == null ? 0 : alias.percentOn(target);
        return Optional.of(new StatusReport.Deployment(info.deploymentId(), info.statusAsString(), target, percent,
                alarmStates(settings)));
    }

    /** The deployment of the group that has not ended: at most one runs per group. */
    Optional<DeploymentInfo> activeDeployment(ReleaseSettings settings) {
        try {
            return clients.codeDeploy().listDeployments(r -> r.applicationName(settings.applicationName())
                            .deploymentGroupName(settings.deploymentGroupName())
                            .includeOnlyStatusesWithStrings(ACTIVE_STATUSES))
                    .deployments().stream().findFirst()
                    .map(id -> clients.codeDeploy().getDeployment(r -> r.deploymentId(id)).deploymentInfo());
        } catch (ApplicationDoesNotExistException | DeploymentGroupDoesNotExistException e) {
            return Optional.empty();
        }
    }

    /** The group's alarms (else the configured ones) with their CloudWatch states; MISSING when CloudWatch has none. */
    private Map<String, String> alarmStates(ReleaseSettings settings) {
        List<String> names = settings.deploymentAlarms();
        try {
            DeploymentGroupInfo group = clients.codeDeploy().getDeploymentGroup(r -> r
                    .applicationName(settings.applicationName()).deploymentGroupName(settings.deploymentGroupName()))
                    .deploymentGroupInfo();
            if (group.alarmConfiguration() != null && group.alarmConfiguration().hasAlarms()) {
                names = group.alarmConfiguration().alarms().stream().map(Alarm::name).toList();
            }
        } catch (ApplicationDoesNotExistException | DeploymentGroupDoesNotExistException e) {
            // no group: the configured alarms are all there is to show
        }
        Map<String, String> states = new TreeMap<>();
        if (names.isEmpty()) {
            return states;
        }
        names.forEach(name -> states.put(name, "MISSING"));
        List<String> wanted = names;
        for (MetricAlarm alarm : clients.cloudWatch().describeAlarms(r -> r.alarmNames(wanted)).metricAlarms()) {
            states.put(alarm.alarmName(), alarm.stateValueAsString());
        }
        return states;
    }

    private StatusReport.Distribution distribution(ReleaseSettings settings) {
        String id = settings.distributionId();
        var config = clients.cloudFront().getDistributionConfig(r -> r.id(id)).distributionConfig();
        String status = clients.cloudFront().getDistribution(r -> r.id(id)).distribution().status();
        List<StatusReport.Behavior> behaviors = new ArrayList<>();
        DistributionAssociation.running(config, settings)
                .forEach((pattern, arn) -> behaviors.add(new StatusReport.Behavior(pattern, arn)));
        return new StatusReport.Distribution(id, status, behaviors);
    }
}
