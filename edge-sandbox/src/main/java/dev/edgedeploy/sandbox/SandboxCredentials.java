package dev.edgedeploy.sandbox;

import java.util.Objects;

/**
 * The fixed access key pair the sandbox's S3 accepts (SigV4). They protect nothing and are the same in every
 * sandbox, yet {@link #toString()} hides the secret so that a log never learns to print one.
 */
public record SandboxCredentials(String accessKeyId, String secretAccessKey) {

    public SandboxCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "SandboxCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
