package dev.edgedeploy.sandbox.lambda;

/**
 * The temporary credentials Lambda hands a function through {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}: here, sandbox credentials the function can sign
 * its own calls to the sandbox with. {@link #toString()} never shows the secret or the token.
 */
public record WorkerCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public WorkerCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()
                || sessionToken == null || sessionToken.isBlank()) {
            throw new IllegalArgumentException("worker credentials need an access key id, a secret and a token");
        }
    }

    /** Fixed, obviously fake credentials for the sandbox execution role. */
    public static WorkerCredentials sandbox() {
        return new WorkerCredentials("ASIASANDBOXEXECUTION", "sandbox-execution-role-secret",
                "sandbox-execution-role-session-token");
    }

    @Override
    public String toString() {
        return "WorkerCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****, sessionToken=****]";
    }
}
