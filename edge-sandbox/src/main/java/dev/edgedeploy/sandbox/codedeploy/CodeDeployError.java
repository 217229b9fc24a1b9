package dev.edgedeploy.sandbox.codedeploy;

/**
 * An error as CodeDeploy answers it over JSON 1.1: {@code {"__type":"DeploymentLimitExceededException",
 * "message":"…"}} with status 400. The type is the modeled exception's name, so the SDK raises the matching typed
 * exception.
 */
final class CodeDeployError extends RuntimeException {

    private final String type;
    private final int status;

    CodeDeployError(String type, String message) {
        this(type, 400, message);
    }

    CodeDeployError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }
}
