package dev.edgedeploy.sandbox.codedeploy;

/**
 * Observes deployments as they run. Callbacks run on the deployment's own thread before it goes on, so a test can
 * act at an exact step (set an alarm at 30 %, report a hook's status) without racing the clock. A callback that
 * throws is logged and ignored.
 */
public interface DeploymentListener {

    /** The alias was just updated. */
    default void trafficShifted(TrafficShift shift) {
    }

    /** A hook function was just invoked. */
    default void hookInvoked(HookInvocation hook) {
    }

    /** The deployment reached a status: InProgress, Succeeded, Failed or Stopped. */
    default void statusChanged(String deploymentId, String status) {
    }
}
