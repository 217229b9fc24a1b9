package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeDeploy's state as it is stored ({@link dev.edgedeploy.sandbox.StateFile}, {@code codedeploy-state.json}):
 * applications, deployment groups, custom deployment configurations, every deployment with its status, error,
 * rollback links, hook executions and progress, and the traffic history, so a sandbox restarted between the runs
 * of a release answers GetDeployment and ListDeployments as before, and resumes a deployment that was running.
 * Instants are ISO-8601 text.
 *
 * @param region the region the state was created in (a sandbox of another region refuses the file)
 * @param configs the custom deployment configurations only (the predefined ones are the service's own)
 * @param deployments in creation order
 * @param trafficHistory every alias change of every deployment, in order
 */
record CodeDeployState(String region, List<StoredApplication> applications, List<DeploymentGroup> groups,
        List<StoredConfig> configs, List<StoredDeployment> deployments, List<StoredShift> trafficHistory) {

    static final int SCHEMA_VERSION = 1;

    /** {@link Application}. */
    record StoredApplication(String name, String id, String computePlatform, String createTime) {

        static StoredApplication of(Application application) {
            return new StoredApplication(application.name(), application.id(), application.computePlatform(),
                    application.createTime().toString());
        }

        Application toApplication() {
            return new Application(name, id, computePlatform, Instant.parse(createTime));
        }
    }

    /** {@link DeploymentConfig}. */
    record StoredConfig(String name, String id, String computePlatform, String trafficRoutingType, int percentage,
            int intervalMinutes, String minimumHealthyHosts, String createTime) {

        static StoredConfig of(DeploymentConfig config) {
            return new StoredConfig(config.name(), config.id(), config.computePlatform(), config.trafficRoutingType(),
                    config.percentage(), config.intervalMinutes(), config.minimumHealthyHosts(),
                    config.createTime().toString());
        }

        DeploymentConfig toConfig() {
            return new DeploymentConfig(name, id, computePlatform, trafficRoutingType, percentage, intervalMinutes,
                    minimumHealthyHosts, Instant.parse(createTime));
        }
    }

    /** A hook execution and the status its function reported ({@code Pending} while none was). */
    record StoredHook(String executionId, String lifecycleEvent, String status) {
    }

    /** A {@link Deployment}: what it was created with, how it ended or how far it got. */
    record StoredDeployment(String id, String applicationName, String groupName, StoredConfig config,
            JsonNode revision, AppSpec appSpec, String description, String creator,
            AutoRollbackConfiguration autoRollback, AlarmConfiguration alarms, String createTime, String status,
            String startTime, String completeTime, String errorCode, String errorMessage,
            String rollbackDeploymentId, String rollbackTriggeringDeploymentId, String rollbackMessage,
            int stepsShifted, String lastShiftAt, boolean beforeAllowTrafficDone, List<StoredHook> hooks,
            Deployment.StopRequest stopRequest) {

        static StoredDeployment of(Deployment deployment) {
            Deployment.Snapshot snapshot = deployment.snapshot();
            Deployment.Progress progress = deployment.progress();
            List<StoredHook> hooks = deployment.hooks().entrySet().stream()
                    .map(e -> new StoredHook(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
            return new StoredDeployment(deployment.id, deployment.applicationName, deployment.groupName,
                    StoredConfig.of(deployment.config), deployment.revision, deployment.appSpec,
                    deployment.description, deployment.creator, deployment.autoRollback, deployment.alarms,
                    deployment.createTime.toString(), snapshot.status(), text(snapshot.startTime()),
                    text(snapshot.completeTime()), snapshot.errorCode(), snapshot.errorMessage(),
                    snapshot.rollbackDeploymentId(), snapshot.rollbackTriggeringDeploymentId(),
                    snapshot.rollbackMessage(), progress.stepsShifted(), text(progress.lastShiftAt()),
                    progress.beforeAllowTrafficDone(), hooks, deployment.stopRequest().orElse(null));
        }

        Deployment toDeployment() {
            Deployment deployment = new Deployment(id, applicationName, groupName, config.toConfig(), revision,
                    appSpec, description, creator, autoRollback, alarms, Instant.parse(createTime));
            Map<String, String> events = new LinkedHashMap<>();
            Map<String, String> statuses = new LinkedHashMap<>();
            hooks.forEach(hook -> {
                events.put(hook.executionId(), hook.lifecycleEvent());
                statuses.put(hook.executionId(), hook.status());
            });
            deployment.restore(new Deployment.Snapshot(status, instant(startTime), instant(completeTime), errorCode,
                    errorMessage, rollbackDeploymentId, rollbackTriggeringDeploymentId, rollbackMessage),
                    new Deployment.Progress(stepsShifted, instant(lastShiftAt), beforeAllowTrafficDone), events,
                    statuses, stopRequest);
            return deployment;
        }
    }

    /** {@link TrafficShift}. */
    record StoredShift(String deploymentId, String at, String functionName, String alias, int targetPercent,
            String aliasVersion, String targetVersion, boolean rollback) {

        static StoredShift of(TrafficShift shift) {
            return new StoredShift(shift.deploymentId(), shift.at().toString(), shift.functionName(), shift.alias(),
                    shift.targetPercent(), shift.aliasVersion(), shift.targetVersion(), shift.rollback());
        }

        TrafficShift toShift() {
            return new TrafficShift(deploymentId, Instant.parse(at), functionName, alias, targetPercent, aliasVersion,
                    targetVersion, rollback);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
