package dev.edgedeploy.sandbox.route53;

/**
 * A health check: its identity and settings, and the status a test sets (there is no real checker in the sandbox).
 */
final class HealthCheck {

    private final String id;
    private final String callerReference;
    private final HealthCheckConfig config;
    private volatile boolean healthy = true;

    HealthCheck(String id, String callerReference, HealthCheckConfig config) {
        this(id, callerReference, config, true);
    }

    HealthCheck(String id, String callerReference, HealthCheckConfig config, boolean observedHealthy) {
        this.id = id;
        this.callerReference = callerReference;
        this.config = config;
        this.healthy = observedHealthy;
    }

    String id() {
        return id;
    }

    String callerReference() {
        return callerReference;
    }

    HealthCheckConfig config() {
        return config;
    }

    /** What the checkers observe, before Inverted and Disabled are applied. */
    boolean observedHealthy() {
        return healthy;
    }

    void observe(boolean isHealthy) {
        this.healthy = isHealthy;
    }
}
