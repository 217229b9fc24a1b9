package dev.edgedeploy.core.event;

import java.util.Objects;

/** One line of progress from the core; the build tool decides how to print it. */
public record DeployEvent(Level level, String message) {

    public enum Level {
        /** A step begins or ends: always shown. */
        LIFECYCLE,
        /** Progress within a step: shown. */
        PROGRESS,
        /** Detail: shown at debug level. */
        DEBUG,
        /** Something the user should look at. */
        WARN
    }

    public DeployEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    public static DeployEvent lifecycle(String message) {
        return new DeployEvent(Level.LIFECYCLE, message);
    }

    public static DeployEvent progress(String message) {
        return new DeployEvent(Level.PROGRESS, message);
    }

    public static DeployEvent debug(String message) {
        return new DeployEvent(Level.DEBUG, message);
    }

    public static DeployEvent warn(String message) {
        return new DeployEvent(Level.WARN, message);
    }
}
