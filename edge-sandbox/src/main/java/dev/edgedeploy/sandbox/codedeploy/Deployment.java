package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's record and mutable progress. Every method is synchronized on the deployment; the run thread waits
 * on it for hook reports and stop requests. Every change is reported to the {@linkplain #onChange change listener}
 * (the control plane, which stores its state) after the deployment's monitor is released, so the listener may read
 * any deployment without a lock-order inversion.
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
    private int stepsShifted;
    private Instant lastShiftAt;
    private boolean beforeAllowTrafficDone;
    private volatile Runnable changed = () -> { };

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

    /** Called after every change of this deployment, outside its monitor. */
    void onChange(Runnable listener) {
        this.changed = listener;
    }

    void start(Instant now) {
        synchronized (this) {
            status = "InProgress";
            startTime = now;
        }
        changed.run();
    }

    void complete(String finalStatus, Instant now, String code, String message) {
        synchronized (this) {
            status = finalStatus;
            completeTime = now;
            errorCode = code;
            errorMessage = message;
            notifyAll();
        }
        changed.run();
    }

    void rolledBackBy(String rollbackId, String message) {
        synchronized (this) {
            rollbackDeploymentId = rollbackId;
            rollbackMessage = message;
        }
        changed.run();
    }

    void rollsBack(String triggeringId) {
        synchronized (this) {
            rollbackTriggeringDeploymentId = triggeringId;
        }
        changed.run();
    }

    /** Records a stop request and wakes the run; false when one was already made. */
    boolean requestStop(Boolean autoRollbackEnabled) {
        synchronized (this) {
            if (stopRequest != null) {
                return false;
            }
            stopRequest = new StopRequest(autoRollbackEnabled);
            notifyAll();
        }
        changed.run();
        return true;
    }

    /** Records that BeforeAllowTraffic passed: a resumed run does not run it again. */
    void beforeAllowTrafficDone() {
        synchronized (this) {
            beforeAllowTrafficDone = true;
        }
        changed.run();
    }

    /** Records that the first {@code steps} traffic steps are applied, the last at {@code at}. */
    void shifted(int steps, Instant at) {
        synchronized (this) {
            stepsShifted = steps;
            lastShiftAt = at;
        }
        changed.run();
    }

    synchronized Progress progress() {
        return new Progress(stepsShifted, lastShiftAt, beforeAllowTrafficDone);
    }

    /**
     * How far the run got, stored so that a sandbox restarted during the deployment resumes it where it was.
     *
     * @param stepsShifted how many of the configuration's traffic steps are applied
     * @param lastShiftAt when the last of them was (null before the first)
     * @param beforeAllowTrafficDone whether the BeforeAllowTraffic hook passed
     */
    record Progress(int stepsShifted, Instant lastShiftAt, boolean beforeAllowTrafficDone) {
    }

    /** Takes back the progress, hook executions and stop request an earlier run of the sandbox stored. */
    synchronized void restore(Snapshot snapshot, Progress progress, Map<String, String> hookEvents,
            Map<String, String> hookStatuses, StopRequest stop) {
        status = snapshot.status();
        startTime = snapshot.startTime();
        completeTime = snapshot.completeTime();
        errorCode = snapshot.errorCode();
        errorMessage = snapshot.errorMessage();
        rollbackDeploymentId = snapshot.rollbackDeploymentId();
        rollbackTriggeringDeploymentId = snapshot.rollbackTriggeringDeploymentId();
        rollbackMessage = snapshot.rollbackMessage();
        stepsShifted = progress.stepsShifted();
        lastShiftAt = progress.lastShiftAt();
        beforeAllowTrafficDone = progress.beforeAllowTrafficDone();
        hookEvents.forEach((id, event) -> {
            HookExecution hook = new HookExecution(event);
            hook.status = hookStatuses.getOrDefault(id, "Pending");
            hooks.put(id, hook);
        });
        stopRequest = stop;
    }

    /** Hook execution id to lifecycle event, and to the status reported ("Pending" while none was). */
    synchronized Map<String, String[]> hooks() {
        Map<String, String[]> copy = new LinkedHashMap<>();
        hooks.forEach((id, hook) -> copy.put(id, new String[] {hook.lifecycleEvent, hook.status}));
        return copy;
    }

    synchronized Optional<StopRequest> stopRequest() {
        return Optional.ofNullable(stopRequest);
    }

    void addHook(String executionId, String lifecycleEvent) {
        synchronized (this) {
            hooks.put(executionId, new HookExecution(lifecycleEvent));
        }
        changed.run();
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
    void reportHook(String executionId, String reported) {
        synchronized (this) {
            HookExecution hook = hooks.get(executionId);
            if (hook == null) {
                throw new CodeDeployError("InvalidLifecycleEventHookExecutionIdException",
                        "A lifecycle event hook is invalid. Review the hooks section in your AppSpec file to ensure "
                                + "the lifecycle events and hooks functions are valid.");
            }
            if (!hook.status.equals("Pending") || !active()) {
                throw new CodeDeployError("LifecycleEventAlreadyCompletedException",
                        "An attempt to return the status of an already completed lifecycle event occurred.");
            }
            hook.status = reported;
            notifyAll();
        }
        changed.run();
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
