package dev.edgedeploy.core.release;

import dev.edgedeploy.core.TargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.Alarm;
import software.amazon.awssdk.services.codedeploy.model.AlarmConfiguration;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.AutoRollbackConfiguration;
import software.amazon.awssdk.services.codedeploy.model.AutoRollbackEvent;
import software.amazon.awssdk.services.codedeploy.model.ComputePlatform;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOption;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.DeploymentType;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Moves the alias to a new version. The first release creates the alias on it (nothing to shift from). Every later
 * one runs a CodeDeploy deployment with an inline AppSpec (current → target), the configured schedule (a custom one
 * created when missing), and the deployment group's alarms and automatic rollback (application and group created or
 * brought in line when they differ — idempotent), then watches it step by step: weight, time, alarm states.
 * Failed or Stopped → {@link ReleaseFailedException} naming the deployment and its trigger, after confirming the
 * alias is back on the previous version.
 */
public final class TrafficShift {

    /** "Activated alarms: <a, b>" in CodeDeploy's ALARM_ACTIVE message. */
    private static final Pattern ACTIVATED_ALARMS = Pattern.compile("Activated alarms: <([^>]*)>");
    private static final List<String> ACTIVE_STATUSES = List.of("Created", "Queued", "InProgress", "Baking", "Ready");

    private final LambdaClient lambda;
    private final CodeDeployClient codeDeploy;
    private final CloudWatchClient cloudWatch;
    private final ReleaseSettings settings;
    private final ReleaseJournal journal;
    private final Clock clock;
    private String deploymentId;
    private boolean rolledBack;

    TrafficShift(LambdaClient lambda, CodeDeployClient codeDeploy, CloudWatchClient cloudWatch,
            ReleaseSettings settings, ReleaseJournal journal, Clock clock) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.journal = journal;
        this.clock = clock;
    }

    /** The first release: the alias is created on the version, all at once. */
    public ShiftResult createAlias(String version) {
        lambda.createAlias(r -> r.functionName(settings.functionName()).name(settings.alias())
                .functionVersion(version).description("edge-deploy"));
        journal.step("shift", "Alias " + settings.alias() + " created on version " + version
                + " (first release: nothing to shift from)");
        return new ShiftResult(null, new AliasState(version, null, 0));
    }

    /**
     * Shifts the alias from {@code current} to {@code target} (carrying build {@code greenBuildId}) through CodeDeploy
     * and watches it to the end; the client error alarm watches that build first.
     */
    public ShiftResult shift(String current, String target, String greenBuildId, String description) {
        settings.clientErrorAlarm().ifPresent(alarm -> {
            if (alarm.watch(cloudWatch, greenBuildId)) {
                journal.step("shift", "Alarm " + alarm.name() + " watches build " + greenBuildId + ": "
                        + ClientErrorAlarm.NAMESPACE + "/" + ClientErrorAlarm.METRIC_NAME + " >= "
                        + alarm.threshold() + " a minute rolls it back");
            }
        });
        ensureDeploymentConfig();
        ensureApplication();
        ensureDeploymentGroup();
        deploymentId = activeDeployment().map(active -> resume(active, target))
                .orElseGet(() -> create(new AppSpec(settings.functionName(), settings.alias(), current, target),
                        description));
        return watch(deploymentId, current, target);
    }

    /** The deployment this shift created or resumed, once it has one. */
    public Optional<String> deploymentId() {
        return Optional.ofNullable(deploymentId);
    }

    /** Whether the shift ended Failed or Stopped with the alias back on the previous version. */
    public boolean rolledBack() {
        return rolledBack;
    }

    /** An active deployment of the group: ours to resume if it shifts to our version, else someone else's. */
    private String resume(DeploymentInfo active, String target) {
        String content = active.revision() != null && active.revision().appSpecContent() != null
                ? active.revision().appSpecContent().content() : "";
        if (content.contains("\"TargetVersion\":\"" + target + "\"")) {
            journal.step("shift", "Resuming deployment " + active.deploymentId() + " (" + active.statusAsString()
                    + "), which already shifts to version " + target);
            return active.deploymentId();
        }
        throw new ReleaseFailedException("CodeDeploy deployment " + active.deploymentId() + " ("
                + active.statusAsString() + ") is already shifting " + settings.functionName() + ":"
                + settings.alias() + " in group " + settings.deploymentGroupName() + ". Wait for it to end, or stop"
                + " it (edge-deploy:rollback), then deploy again.");
    }

    private String create(AppSpec appSpec, String description) {
        AlarmConfiguration override = null;
        if (settings.overrideAlarms() && !settings.deploymentAlarms().isEmpty()) {
            journal.warn("shift", "ALARMS OVERRIDDEN: this deployment ignores the alarms " + settings.deploymentAlarms()
                    + " (overrideAlarms). No automatic rollback on alarm: watch the release yourself.");
            override = AlarmConfiguration.builder().enabled(false).alarms(alarms()).build();
        }
        AlarmConfiguration overrideAlarms = override;
        String id = codeDeploy.createDeployment(r -> {
            r.applicationName(settings.applicationName()).deploymentGroupName(settings.deploymentGroupName())
                    .deploymentConfigName(settings.schedule().configName())
                    .description(description.length() > 100 ? description.substring(0, 100) : description)
                    .revision(rev -> rev.revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                            .appSpecContent(c -> c.content(appSpec.content()).sha256(appSpec.sha256())));
            if (overrideAlarms != null) {
                r.overrideAlarmConfiguration(overrideAlarms);
            }
        }).deploymentId();
        journal.step("shift", "CodeDeploy deployment " + id + " created: " + settings.functionName() + ":"
                + settings.alias() + " version " + appSpec.currentVersion() + " → " + appSpec.targetVersion() + " ("
                + settings.schedule().configName() + ", AppSpec sha256 " + appSpec.sha256() + ")");
        return id;
    }

    private ShiftResult watch(String deploymentId, String current, String target) {
        Instant start = clock.instant();
        // the schedule itself, plus the margin the settings allow
        Instant deadline = start.plus(Duration.ofMinutes(settings.schedule().shiftMinutes()))
                .plus(settings.shiftTimeout());
        String last = null;
        while (true) {
            DeploymentInfo info = codeDeploy.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
            AliasState alias = alias();
            Map<String, String> alarmStates = alarmStates();
            long seconds = Duration.between(start, clock.instant()).toSeconds();
            String state = info.statusAsString() + ", " + alias.percentOn(target) + " % on version " + target
                    + (alarmStates.isEmpty() ? "" : ", alarms " + alarmStates);
            if (!state.equals(last)) {
                journal.progress("shift", "Deployment " + deploymentId + " at " + seconds + " s: " + state);
                last = state;
            }
            DeploymentStatus status = info.status();
            if (status == DeploymentStatus.SUCCEEDED) {
                journal.step("shift", "Deployment " + deploymentId + " Succeeded: alias " + settings.alias()
                        + " on version " + target + " after " + seconds + " s");
                return new ShiftResult(deploymentId, alias);
            }
            if (status == DeploymentStatus.FAILED || status == DeploymentStatus.STOPPED) {
                throw rolledBack(deploymentId, info, current);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new ReleaseFailedException("Deployment " + deploymentId + " is still " + info.statusAsString()
                        + " after " + seconds + " s (alias: " + alias + "). It goes on"
                        + " without this build: run the deploy again to resume watching, or roll back.");
            }
            Pause.sleep(settings.pollInterval());
        }
    }

    /** Waits (bounded) until CodeDeploy has put the alias back, then describes the failure. */
    private ReleaseFailedException rolledBack(String deploymentId, DeploymentInfo info, String current) {
        String trigger = trigger(info);
        Instant deadline = clock.instant().plus(settings.shiftTimeout());
        AliasState alias = alias();
        while (!(alias.version().equals(current) && !alias.shifting()) && clock.instant().isBefore(deadline)) {
            Pause.sleep(settings.pollInterval());
            alias = alias();
        }
        boolean back = alias.version().equals(current) && !alias.shifting();
        rolledBack = back;
        journal.step("shift", "Deployment " + deploymentId + " " + info.statusAsString() + ": " + trigger
                + (back ? "; alias " + settings.alias() + " is back on version " + current : "; alias "
                + settings.alias() + " is NOT back on version " + current + " (" + alias + ")"));
        return new ReleaseFailedException("CodeDeploy deployment " + deploymentId + " " + info.statusAsString()
                + ", triggered by " + trigger + ". " + (back ? "The alias " + settings.alias() + " is back on version "
                + current + " (blue): viewers get the previous build." : "The alias " + settings.alias()
                + " is NOT back on version " + current + " yet (" + alias + "): check the rollback deployment"
                + Optional.ofNullable(info.rollbackInfo()).map(r -> " " + r.rollbackDeploymentId()).orElse("")
                + " or run edge-deploy:rollback."));
    }

    /** The alarm names, hook or stop request that ended the deployment. */
    static String trigger(DeploymentInfo info) {
        String code = info.errorInformation() == null ? null : info.errorInformation().codeAsString();
        String message = info.errorInformation() == null ? "" : Objects.toString(info.errorInformation().message(), "");
        if (message.isEmpty() && info.rollbackInfo() != null && info.rollbackInfo().rollbackMessage() != null) {
            message = info.rollbackInfo().rollbackMessage();
        }
        Matcher alarms = ACTIVATED_ALARMS.matcher(message);
        if (alarms.find()) {
            return "alarm " + alarms.group(1).trim();
        }
        if (code == null) {
            return "an unknown cause";
        }
        return switch (code) {
            case "ALARM_ACTIVE" -> "alarms (" + message + ")";
            case "HOOK_EXECUTION_FAILURE" -> "a failed lifecycle hook (" + message + ")";
            case "MANUAL_STOP" -> "a stop request (" + message + ")";
            default -> code + " (" + message + ")";
        };
    }

    private AliasState alias() {
        return AliasState.of(lambda.getAlias(r -> r.functionName(settings.functionName()).name(settings.alias())));
    }

    private Map<String, String> alarmStates() {
        if (settings.deploymentAlarms().isEmpty()) {
            return Map.of();
        }
        try {
            return cloudWatch.describeAlarms(r -> r.alarmNames(settings.deploymentAlarms())).metricAlarms().stream()
                    .collect(Collectors.toMap(MetricAlarm::alarmName, MetricAlarm::stateValueAsString, (a, b) -> a,
                            TreeMap::new));
        } catch (RuntimeException e) {
            // the watch only reports alarm states; CodeDeploy itself acts on them (fail-closed)
            journal.debug("cannot read the alarm states: " + e.getMessage());
            return Map.of("(unreadable)", e.getClass().getSimpleName());
        }
    }

    private Optional<DeploymentInfo> activeDeployment() {
        List<String> ids = codeDeploy.listDeployments(r -> r.applicationName(settings.applicationName())
                .deploymentGroupName(settings.deploymentGroupName()).includeOnlyStatusesWithStrings(ACTIVE_STATUSES))
                .deployments();
        return ids.stream().findFirst().map(id -> codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo());
    }

    private void ensureDeploymentConfig() {
        ShiftSchedule schedule = settings.schedule();
        if (schedule.isPredefined()) {
            return;
        }
        try {
            codeDeploy.getDeploymentConfig(r -> r.deploymentConfigName(schedule.configName()));
        } catch (DeploymentConfigDoesNotExistException e) {
            codeDeploy.createDeploymentConfig(r -> r.deploymentConfigName(schedule.configName())
                    .computePlatform(ComputePlatform.LAMBDA).trafficRoutingConfig(t -> {
                        if (schedule.type() == ShiftSchedule.Type.CANARY) {
                            t.type(TrafficRoutingType.TIME_BASED_CANARY).timeBasedCanary(c -> c
                                    .canaryPercentage(schedule.percentage()).canaryInterval(schedule.intervalMinutes()));
                        } else {
                            t.type(TrafficRoutingType.TIME_BASED_LINEAR).timeBasedLinear(l -> l
                                    .linearPercentage(schedule.percentage()).linearInterval(schedule.intervalMinutes()));
                        }
                    }));
            journal.step("shift", "CodeDeploy deployment configuration " + schedule.configName() + " created");
        }
    }

    private void ensureApplication() {
        try {
            codeDeploy.getApplication(r -> r.applicationName(settings.applicationName()));
        } catch (ApplicationDoesNotExistException e) {
            codeDeploy.createApplication(r -> r.applicationName(settings.applicationName())
                    .computePlatform(ComputePlatform.LAMBDA));
            journal.step("shift", "CodeDeploy application " + settings.applicationName() + " created");
        }
    }

    private void ensureDeploymentGroup() {
        AlarmConfiguration alarms = AlarmConfiguration.builder().enabled(!settings.deploymentAlarms().isEmpty())
                .ignorePollAlarmFailure(false).alarms(alarms()).build();
        AutoRollbackConfiguration rollback = AutoRollbackConfiguration.builder().enabled(true)
                .events(AutoRollbackEvent.DEPLOYMENT_FAILURE, AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM).build();
        DeploymentGroupInfo group;
        try {
            group = codeDeploy.getDeploymentGroup(r -> r.applicationName(settings.applicationName())
                    .deploymentGroupName(settings.deploymentGroupName())).deploymentGroupInfo();
        } catch (DeploymentGroupDoesNotExistException e) {
            if (settings.codeDeployRoleArn() == null) {
                throw new TargetException("CodeDeploy deployment group " + settings.deploymentGroupName() + " of "
                        + settings.applicationName() + " does not exist and no service role was given to create it:"
                        + " set <release><codeDeployRoleArn>.", true, e);
            }
            codeDeploy.createDeploymentGroup(r -> r.applicationName(settings.applicationName())
                    .deploymentGroupName(settings.deploymentGroupName()).serviceRoleArn(settings.codeDeployRoleArn())
                    .deploymentConfigName(settings.schedule().configName())
                    .deploymentStyle(s -> s.deploymentType(DeploymentType.BLUE_GREEN)
                            .deploymentOption(DeploymentOption.WITH_TRAFFIC_CONTROL))
                    .alarmConfiguration(alarms).autoRollbackConfiguration(rollback));
            journal.step("shift", "CodeDeploy deployment group " + settings.deploymentGroupName() + " created with"
                    + " alarms " + settings.deploymentAlarms() + " and automatic rollback");
            return;
        }
        if (!sameAlarms(group.alarmConfiguration(), alarms) || !sameRollback(group.autoRollbackConfiguration())) {
            codeDeploy.updateDeploymentGroup(r -> r.applicationName(settings.applicationName())
                    .currentDeploymentGroupName(settings.deploymentGroupName()).alarmConfiguration(alarms)
                    .autoRollbackConfiguration(rollback));
            journal.step("shift", "CodeDeploy deployment group " + settings.deploymentGroupName() + ": alarms set to "
                    + settings.deploymentAlarms() + ", automatic rollback on failure and alarm");
        }
    }

    private List<Alarm> alarms() {
        return settings.deploymentAlarms().stream().map(name -> Alarm.builder().name(name).build()).toList();
    }

    private static boolean sameAlarms(AlarmConfiguration current, AlarmConfiguration wanted) {
        if (current == null) {
            return !Boolean.TRUE.equals(wanted.enabled());
        }
        List<String> names = current.hasAlarms() ? current.alarms().stream().map(Alarm::name).sorted().toList()
                : List.of();
        List<String> wantedNames = wanted.alarms().stream().map(Alarm::name).sorted().toList();
        return Objects.equals(current.enabled(), wanted.enabled()) && names.equals(wantedNames)
                && !Boolean.TRUE.equals(current.ignorePollAlarmFailure());
    }

    private static boolean sameRollback(AutoRollbackConfiguration current) {
        return current != null && Boolean.TRUE.equals(current.enabled()) && current.hasEvents()
                && current.events().contains(AutoRollbackEvent.DEPLOYMENT_FAILURE)
                && current.events().contains(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
    }
}
