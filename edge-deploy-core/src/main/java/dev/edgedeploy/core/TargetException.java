package dev.edgedeploy.core;

/** A remote target is missing, unreachable or refuses us (no bucket, access denied, region down). */
public final class TargetException extends EdgeDeployException {

    private final boolean userFixable;

    public TargetException(String message, boolean userFixable, Throwable cause) {
        super(message, cause);
        this.userFixable = userFixable;
    }

    @Override
    public boolean userFixable() {
        return userFixable;
    }
}
