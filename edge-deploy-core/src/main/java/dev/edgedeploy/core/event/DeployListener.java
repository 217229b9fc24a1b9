package dev.edgedeploy.core.event;

/** Receives the core's progress. Implementations must be thread-safe: uploads report from many threads. */
@FunctionalInterface
public interface DeployListener {

    DeployListener NONE = event -> { };

    void on(DeployEvent event);
}
