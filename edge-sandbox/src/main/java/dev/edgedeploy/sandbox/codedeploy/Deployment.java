package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's record and mutable progress. Every method is synchronized on the deployment; the run thread waits
 * on it for hook reports and stop requests.
 */
final class Deployment {

    static final List<String> ACTIVE = List.of("Created", "Queued", "InProgress", "Baking", "Ready");
    static final List<String> STATUSES = List.of("Created", "Queued", "InProgress", "Baking", "Succeeded", "Failed",
            "Stopped", "Ready");

    /** A hook execution and what its function reported (null while pending). */
    static final class HookExecution {
        final String lifecycleEvent;
        String status = "Pending";

        HookExecution(String lifecycleEvent) {
            this.lifecycleEvent = lifecycleEvent;
        }
    }

    /** A StopDeployment call; {@code autoRollbackEnabled} null means "as the configuration says". */
    record StopRequest(Boolean autoRollbackEnabled) {
    }

    final String id;
    final String applicationName;
    final String groupName;
    final DeploymentConfig config;
    final JsonNode revision;
    final AppSpec appSpec;
    final String description;
    final String creator;
    final AutoRollbackConfiguration autoRollback;
    final AlarmConfiguration alarms;
    final Instant createTime;

    private String status = "Created";
    private Instant startTime;
    private Instant completeTime;
    private String errorCode;
    private String errorMessage;
    private String rollbackDeploymentId;
    private String rollbackTriggeringDeploymentId;
    private String rollbackMessage;
    private StopRequest stopRequest;
    private final Map<String, HookExecution> hooks = new LinkedHashMap<>();

    Deployment(String id, String applicationName, String groupName, DeploymentConfig config, JsonNode revision,
            AppSpec appSpec, String description, String creator, AutoRollbackConfiguration autoRollback,
            AlarmConfiguration alarms, Instant createTime) {
        this.id = id;
        this.applicationName = applicationName;
        this.groupName = groupName;
        this.config = config;
        this.revision = revision;
        this.appSpec = appSpec;
        this.description = description;
        this.creator = creator;
        this.autoRollback = autoRollback;
        this.alarms = alarms;
        this.createTime = createTime;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean active() {
        return ACTIVE.contains(status);
    }

    synchronized void start(Instant now) {
        status = "InProgress";
        startTime = now;
    }

    synchronized void complete(String finalStatus, Instant now, String code, String message) {
        status = finalStatus;
        completeTime = now;
        errorCode = code;
        errorMessage = message;
        notifyAll();
    }

    synchronized void rolledBackBy(String rollbackId, String message) {
        rollbackDeploymentId = rollbackId;
        rollbackMessage = message;
    }

    synchronized void rollsBack(String triggeringId) {
        rollbackTriggeringDeploymentId = triggeringId;
    }

    /** Records a stop request and wakes the run; false when one was already made. */
    synchronized boolean requestStop(Boolean autoRollbackEnabled) {
        if (stopRequest != null) {
            return false;
        }
        stopRequest = new StopRequest(autoRollbackEnabled);
        notifyAll();
        return true;
    }

    synchronized Optional<StopRequest> stopRequest() {
        return Optional.ofNullable(stopRequest);
    }

    synchronized void addHook(String executionId, String lifecycleEvent) {
        hooks.put(executionId, new HookExecution(lifecycleEvent));
    }

    /** The status a hook's function reported, null while none was. */
    synchronized String hookStatus(String executionId) {
        String reported = hooks.get(executionId).status;
        return reported.equals("Pending") ? null : reported;
    }

    /**
     * Records a hook function's report.
     *
     * @throws CodeDeployError as PutLifecycleEventHookExecutionStatus answers an unknown or finished execution
     */
    synchronized void reportHook(String executionId, String reported) {
        HookExecution hook = hooks.get(executionId);
        if (hook == null) {
            throw new CodeDeployError("InvalidLifecycleEventHookExecutionIdException",
                    "A lifecycle event hook is invalid. Review the hooks section in your AppSpec file to ensure the "
                            + "lifecycle events and hooks functions are valid.");
        }
        if (!hook.status.equals("Pending") || !active()) {
            throw new CodeDeployError("LifecycleEventAlreadyCompletedException",
                    "An attempt to return the status of an already completed lifecycle event occurred.");
        }
        hook.status = reported;
        notifyAll();
    }

    /** Waits on this deployment's monitor for at most {@code millis} (a hook report or stop request wakes it). */
    synchronized void await(long millis) throws InterruptedException {
        if (millis > 0) {
            wait(millis);
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(status, startTime, completeTime, errorCode, errorMessage, rollbackDeploymentId,
                rollbackTriggeringDeploymentId, rollbackMessage);
    }

    /** What GetDeployment reports of the progress. */
    record Snapshot(String status, Instant startTime, Instant completeTime, String errorCode, String errorMessage,
            String rollbackDeploymentId, String rollbackTriggeringDeploymentId, String rollbackMessage) {
    }
}
