package dev.edgedeploy.sandbox.codedeploy;

import dev.edgedeploy.sandbox.ScaledClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Executes one Lambda deployment as CodeDeploy does (deployment-steps-lambda.md): checks that the alias is on
 * CurrentVersion, runs BeforeAllowTraffic, shifts the alias's weights step by step on the clock while watching the
 * group's alarms, runs AfterAllowTraffic, and on an alarm, a failure or a stop request ends Stopped or Failed and, when
 * the rollback configuration says so, restores the alias through a new rollback deployment. Lambda and CloudWatch are
 * called with the real SDK clients, as CodeDeploy calls them.
 *
 * <p>A run records its progress in the deployment (BeforeAllowTraffic passed, steps applied, when the last was), which
 * the control plane stores: a sandbox started again on the same state resumes a deployment that was running from its
 * last recorded step, waiting out the rest of the interval from that step (at most one interval of the new clock),
 * as AWS would have gone on while the sandbox was stopped. A hook that was waiting for its report is invoked again.
 * A deployment that was being rolled back is rolled back again and ends Failed.
 */
final class DeploymentRun implements Runnable {

    /** "The deployment is considered to have failed if CodeDeploy is not notified … within one hour." */
    static final Duration HOOK_TIMEOUT = Duration.ofHours(1);
    private static final Duration ALARM_POLL = Duration.ofSeconds(10);
    private static final long MAX_WAIT_SLICE_MILLIS = 50;
    static final String LAMBDA_CONFIGURATION_MESSAGE = "The deployment failed because the AppSpec file that "
            + "specifies the AWS Lambda deployment configuration is missing or has an invalid configuration.";

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRun.class);

    private final Deployment deployment;
    private final CodeDeployControlPlane controlPlane;
    private final LambdaClient lambda;
    private final CloudWatchClient cloudWatch;
    private final ScaledClock clock;
    private final List<DeploymentListener> listeners;
    private final Consumer<TrafficShift> history;
    private boolean aliasVerified;

    DeploymentRun(Deployment deployment, CodeDeployControlPlane controlPlane, LambdaClient lambda,
            CloudWatchClient cloudWatch, ScaledClock clock, List<DeploymentListener> listeners,
            Consumer<TrafficShift> history) {
        this.deployment = deployment;
        this.controlPlane = controlPlane;
        this.lambda = lambda;
        this.cloudWatch = cloudWatch;
        this.clock = clock;
        this.listeners = listeners;
        this.history = history;
    }

    /** Why the run ends before success. */
    private static final class Halt extends Exception {
        final String status;
        final String code;
        final String rollbackEvent;
        final boolean forceRollback;

        Halt(String status, String code, String message, String rollbackEvent) {
            this(status, code, message, rollbackEvent, false);
        }

        Halt(String status, String code, String message, String rollbackEvent, boolean forceRollback) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.rollbackEvent = rollbackEvent;
            this.forceRollback = forceRollback;
        }

        static Halt failed(String code, String message) {
            return new Halt("Failed", code, message, AutoRollbackConfiguration.ON_FAILURE);
        }
    }

    @Override
    public void run() {
        if (!deployment.status().equals("InProgress")) {
            deployment.start(clock.instant());
            notifyStatus("InProgress");
        } else {
            LOG.info("CodeDeploy sandbox resumes deployment {} at {}", deployment.id, deployment.progress());
        }
        try {
            deploy();
            deployment.complete("Succeeded", clock.instant(), null, null);
            notifyStatus("Succeeded");
        } catch (Halt halt) {
            end(halt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deployment.complete("Failed", clock.instant(), "INTERNAL_ERROR",
                    "The sandbox shut down while the deployment was running.");
        } catch (RuntimeException e) {
            LOG.warn("CodeDeploy sandbox deployment {} failed unexpectedly", deployment.id, e);
            end(Halt.failed("INTERNAL_ERROR", "The deployment failed: " + e.getMessage()));
        }
    }

    private void deploy() throws Halt, InterruptedException {
        AppSpec spec = deployment.appSpec;
        if (!spec.deployable()) {
            throw Halt.failed("INVALID_LAMBDA_CONFIGURATION",
                    LAMBDA_CONFIGURATION_MESSAGE + " " + String.join(" ", spec.problems()));
        }
        Deployment.Progress progress = deployment.progress();
        if (progress.stepsShifted() == 0) {
            verifyAlias(spec);
        }
        aliasVerified = true;
        if (controlPlane.rollbackOf(deployment).isPresent()) {
            throw new Halt("Failed", "INTERNAL_ERROR", "The sandbox stopped while this deployment was being rolled "
                    + "back; it was rolled back again when the sandbox started.", AutoRollbackConfiguration.ON_FAILURE,
                    true);
        }
        checkpoint();
        if (!progress.beforeAllowTrafficDone()) {
            runHook("BeforeAllowTraffic");
            deployment.beforeAllowTrafficDone();
        }
        List<Integer> steps = deployment.config.steps();
        Duration interval = deployment.config.interval();
        int first = progress.stepsShifted();
        if (first > 0 && first < steps.size()) {
            // resumed between two steps: the interval runs from the recorded step, at most a whole one from now
            Instant due = progress.lastShiftAt().plus(interval);
            Instant latest = clock.instant().plus(interval);
            waitUntil(due.isAfter(latest) ? latest : due, () -> false);
        }
        for (int i = first; i < steps.size(); i++) {
            checkpoint();
            shift(steps.get(i), false);
            deployment.shifted(i + 1, clock.instant());
            checkpoint();
            if (i < steps.size() - 1) {
                waitUntil(clock.instant().plus(deployment.config.interval()), () -> false);
            }
        }
        runHook("AfterAllowTraffic");
        checkpoint();
    }

    private void verifyAlias(AppSpec spec) throws Halt {
        GetAliasResponse alias;
        try {
            alias = lambda.getAlias(request -> request.functionName(spec.functionName()).name(spec.alias()));
        } catch (ResourceNotFoundException e) {
            throw Halt.failed("INVALID_LAMBDA_CONFIGURATION", LAMBDA_CONFIGURATION_MESSAGE + " The alias "
                    + spec.alias() + " of function " + spec.functionName() + " was not found.");
        } catch (SdkException e) {
            throw Halt.failed("INVALID_LAMBDA_FUNCTION", "The deployment failed because the Lambda function "
                    + spec.functionName() + " could not be read: " + e.getMessage());
        }
        if (!alias.functionVersion().equals(spec.currentVersion())) {
            throw Halt.failed("INVALID_LAMBDA_CONFIGURATION", LAMBDA_CONFIGURATION_MESSAGE + " The CurrentVersion "
                    + spec.currentVersion() + " does not match the version the alias " + spec.alias()
                    + " points to (" + alias.functionVersion() + ").");
        }
        if (alias.routingConfig() != null && !alias.routingConfig().additionalVersionWeights().isEmpty()) {
            // the trap of a stop without rollback: the alias keeps two versions and later deployments fail
            throw Halt.failed("INVALID_LAMBDA_CONFIGURATION", LAMBDA_CONFIGURATION_MESSAGE + " The alias "
                    + spec.alias() + " already routes traffic to additional versions "
                    + alias.routingConfig().additionalVersionWeights() + ".");
        }
        try {
            lambda.getFunctionConfiguration(request -> request.functionName(spec.functionName())
                    .qualifier(spec.targetVersion()));
        } catch (ResourceNotFoundException e) {
            throw Halt.failed("INVALID_LAMBDA_CONFIGURATION", LAMBDA_CONFIGURATION_MESSAGE + " The TargetVersion "
                    + spec.targetVersion() + " of function " + spec.functionName() + " was not found.");
        } catch (SdkException e) {
            throw Halt.failed("INVALID_LAMBDA_FUNCTION", "The deployment failed because the Lambda function "
                    + spec.functionName() + " could not be read: " + e.getMessage());
        }
    }

    private void shift(int targetPercent, boolean rollback) throws Halt {
        AppSpec spec = deployment.appSpec;
        String primary = targetPercent == 100 ? spec.targetVersion() : spec.currentVersion();
        Map<String, Double> weights = targetPercent == 100 || targetPercent == 0
                ? Map.of() : Map.of(spec.targetVersion(), targetPercent / 100.0);
        try {
            lambda.updateAlias(request -> request.functionName(spec.functionName()).name(spec.alias())
                    .functionVersion(primary)
                    .routingConfig(routing -> routing.additionalVersionWeights(weights)));
        } catch (SdkException e) {
            throw Halt.failed("INTERNAL_ERROR", "The deployment failed because the alias " + spec.alias()
                    + " could not be updated: " + e.getMessage());
        }
        TrafficShift shift = new TrafficShift(deployment.id, clock.instant(), spec.functionName(), spec.alias(),
                targetPercent, primary, spec.targetVersion(), rollback);
        history.accept(shift);
        for (DeploymentListener listener : listeners) {
            try {
                listener.trafficShifted(shift);
            } catch (RuntimeException e) {
                LOG.warn("a deployment listener failed on {}", shift, e);
            }
        }
    }

    private void runHook(String lifecycleEvent) throws Halt, InterruptedException {
        String function = deployment.appSpec.hook(lifecycleEvent).orElse(null);
        if (function == null) {
            return;
        }
        String executionId = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"deployment\":\"" + deployment.id + "\",\"hook\":\"" + lifecycleEvent
                        + "\",\"nonce\":\"" + UUID.randomUUID() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        deployment.addHook(executionId, lifecycleEvent);
        String payload = "{\"DeploymentId\":\"" + deployment.id + "\",\"LifecycleEventHookExecutionId\":\""
                + executionId + "\"}";
        try {
            // CodeDeploy invokes hooks asynchronously: the validation is not bound by the function's timeout
            lambda.invoke(request -> request.functionName(function).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(payload)));
        } catch (SdkException e) {
            throw Halt.failed("HOOK_EXECUTION_FAILURE", "The deployment failed because the " + lifecycleEvent
                    + " hook function " + function + " could not be invoked: " + e.getMessage());
        }
        HookInvocation invocation = new HookInvocation(deployment.id, lifecycleEvent, function, executionId,
                clock.instant());
        for (DeploymentListener listener : listeners) {
            try {
                listener.hookInvoked(invocation);
            } catch (RuntimeException e) {
                LOG.warn("a deployment listener failed on {}", invocation, e);
            }
        }
        boolean reported = waitUntil(clock.instant().plus(HOOK_TIMEOUT),
                () -> deployment.hookStatus(executionId) != null);
        if (!reported) {
            throw Halt.failed("HOOK_EXECUTION_FAILURE", "The deployment failed because the " + lifecycleEvent
                    + " hook function " + function + " did not report its status with "
                    + "PutLifecycleEventHookExecutionStatus within one hour.");
        }
        if (deployment.hookStatus(executionId).equals("Failed")) {
            throw Halt.failed("HOOK_EXECUTION_FAILURE", "The deployment failed because the " + lifecycleEvent
                    + " hook function " + function + " reported Failed.");
        }
    }

    /** Ends the run on a stop request or an active (or unreadable) alarm. */
    private void checkpoint() throws Halt {
        checkStopRequest();
        checkAlarms();
    }

    private void checkStopRequest() throws Halt {
        if (deployment.stopRequest().isPresent()) {
            throw new Halt("Stopped", "MANUAL_STOP", "The deployment was stopped by a StopDeployment request.",
                    AutoRollbackConfiguration.ON_REQUEST);
        }
    }

    private void checkAlarms() throws Halt {
        AlarmConfiguration alarms = deployment.alarms;
        if (!alarms.watches()) {
            return;
        }
        List<MetricAlarm> found;
        try {
            found = cloudWatch.describeAlarms(request -> request.alarmNames(alarms.alarms())).metricAlarms();
        } catch (SdkException e) {
            alarmsUnreadable(e.getMessage());
            return;
        }
        Set<String> missing = new TreeSet<>(alarms.alarms());
        found.forEach(alarm -> missing.remove(alarm.alarmName()));
        if (!missing.isEmpty()) {
            alarmsUnreadable("the alarms " + missing + " do not exist");
        }
        List<String> active = found.stream().filter(alarm -> alarm.stateValue() == StateValue.ALARM)
                .map(MetricAlarm::alarmName).sorted().collect(Collectors.toCollection(ArrayList::new));
        if (!active.isEmpty()) {
            throw new Halt("Stopped", "ALARM_ACTIVE", "One or more alarms have been activated according to the "
                    + "Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. "
                    + "Activated alarms: <" + String.join(", ", active) + ">",
                    AutoRollbackConfiguration.ON_ALARM);
        }
    }

    private void alarmsUnreadable(String reason) throws Halt {
        if (deployment.alarms.ignorePollAlarmFailure()) {
            LOG.info("deployment {} continues although its alarms could not be read: {}", deployment.id, reason);
            return;
        }
        throw new Halt("Stopped", "ALARM_ACTIVE", "The deployment was stopped because the state of its CloudWatch "
                + "alarms could not be retrieved and ignorePollAlarmFailure is off: " + reason,
                AutoRollbackConfiguration.ON_ALARM);
    }

    /**
     * Waits on the clock until {@code done} or the deadline, polling the alarms and honouring stop requests.
     *
     * @return whether {@code done} became true
     */
    private boolean waitUntil(Instant deadline, BooleanSupplier done) throws Halt, InterruptedException {
        Instant nextPoll = clock.instant().plus(ALARM_POLL);
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            checkStopRequest();
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return false;
            }
            if (!now.isBefore(nextPoll)) {
                checkAlarms();
                nextPoll = clock.instant().plus(ALARM_POLL);
            }
            Instant wake = deadline.isBefore(nextPoll) ? deadline : nextPoll;
            long millis = clock.realDuration(Duration.between(now, wake)).toMillis();
            deployment.await(Math.max(1, Math.min(millis, MAX_WAIT_SLICE_MILLIS)));
        }
    }

    private void end(Halt halt) {
        boolean rollback;
        if (halt.rollbackEvent.equals(AutoRollbackConfiguration.ON_REQUEST)) {
            Boolean requested = deployment.stopRequest().map(Deployment.StopRequest::autoRollbackEnabled).orElse(null);
            rollback = requested != null ? requested : deployment.autoRollback.rollsBackOn(halt.rollbackEvent);
        } else {
            rollback = deployment.autoRollback.rollsBackOn(halt.rollbackEvent);
        }
        if ((rollback || halt.forceRollback) && aliasVerified) {
            rollBack(halt);
        }
        deployment.complete(halt.status, clock.instant(), halt.code, halt.getMessage());
        notifyStatus(halt.status);
    }

    /** "CodeDeploy rolls back deployments by redeploying a previously deployed revision … as a new deployment." */
    private void rollBack(Halt halt) {
        Deployment rollback = controlPlane.createRollback(deployment);
        rollback.start(clock.instant());
        try {
            shift(0, true);
            rollback.complete("Succeeded", clock.instant(), null, null);
            deployment.rolledBackBy(rollback.id, "Automatic rollback triggered by " + halt.rollbackEvent
                    + ": the alias " + deployment.appSpec.alias() + " is back on version "
                    + deployment.appSpec.currentVersion() + " (rollback deployment " + rollback.id + ").");
        } catch (Halt failed) {
            rollback.complete("Failed", clock.instant(), "INTERNAL_ERROR", failed.getMessage());
            deployment.rolledBackBy(rollback.id, "The automatic rollback failed: " + failed.getMessage());
        }
    }

    private void notifyStatus(String status) {
        for (DeploymentListener listener : listeners) {
            try {
                listener.statusChanged(deployment.id, status);
            } catch (RuntimeException e) {
                LOG.warn("a deployment listener failed on {} {}", deployment.id, status, e);
            }
        }
    }
}
