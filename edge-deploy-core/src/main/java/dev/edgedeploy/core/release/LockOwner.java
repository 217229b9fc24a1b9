package dev.edgedeploy.core.release;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.UUID;

/**
 * Who holds a release lock: enough for the second deployer's message to name the first.
 *
 * @param owner the user (or CI job) deploying
 * @param host the machine
 * @param buildId the build being released
 * @param acquiredAt ISO-8601 UTC
 * @param token unique to this acquisition, so a deployer releases only its own lock
 */
public record LockOwner(String owner, String host, String buildId, String acquiredAt, String token) {

    public LockOwner {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(token, "token");
    }

    /** This process: the user name, the host name, a fresh token. */
    public static LockOwner current(String buildId, java.time.Instant now) {
        return new LockOwner(System.getProperty("user.name", "unknown"), hostName(), buildId, now.toString(),
                UUID.randomUUID().toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public String toString() {
        return owner + "@" + host + " (build " + buildId + ", since " + acquiredAt + ")";
    }
}
