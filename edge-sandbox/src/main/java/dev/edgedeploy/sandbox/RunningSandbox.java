package dev.edgedeploy.sandbox;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sandbox running on a state directory, possibly in another process: where its services listen and which buckets
 * it serves. Found with {@link #on(Path)}; a deploy uses it instead of starting a second sandbox on the same state.
 *
 * @param stateDirectory the state root it runs on
 * @param processId the process it runs in
 * @param endpoints where its services listen
 * @param buckets region to bucket, as it was started with
 */
public record RunningSandbox(Path stateDirectory, long processId, SandboxEndpoints endpoints,
        Map<String, String> buckets) {

    public RunningSandbox {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(endpoints, "endpoints");
        buckets = Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
    }

    /** The sandbox running on {@code stateDirectory} now, in this process or another, if there is one. */
    public static Optional<RunningSandbox> on(Path stateDirectory) {
        return SandboxLease.find(stateDirectory.toAbsolutePath().normalize());
    }
}
