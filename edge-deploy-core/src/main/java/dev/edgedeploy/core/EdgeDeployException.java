package dev.edgedeploy.core;

/** Base of every failure the core reports on purpose; anything else is a bug or an environment fault. */
public abstract class EdgeDeployException extends RuntimeException {

    protected EdgeDeployException(String message) {
        super(message);
    }

    protected EdgeDeployException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the user can fix the cause (input, configuration, target): a BUILD FAILURE, not a BUILD ERROR. */
    public abstract boolean userFixable();
}
