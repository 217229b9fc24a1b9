package dev.edgedeploy.sandbox.lambda;

import java.util.List;
import java.util.Map;

/**
 * The configuration a version freezes (everything but the code): what PublishVersion compares to decide that
 * nothing changed.
 */
record FunctionSettings(String runtime, String role, String handler, String description, int timeoutSeconds,
        int memorySize, Map<String, String> environment, List<String> architectures, int ephemeralStorageSize) {

    FunctionSettings {
        environment = Map.copyOf(environment);
        architectures = List.copyOf(architectures);
    }
}
