package dev.edgedeploy.sandbox.lambda;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an execution environment is started from. Workers are reused only for the same key: one function
 * version with one code package and configuration.
 *
 * @param key identifies the version's code and configuration
 * @param label names the worker in logs, e.g. {@code edge:3}
 * @param taskRoot the unpacked package, Lambda's {@code LAMBDA_TASK_ROOT}
 * @param environment the complete process environment
 * @param resolver the {@code host:port} the environment's {@code node:dns} asks, null for the system's
 */
record WorkerSpec(String key, String label, Path taskRoot, Map<String, String> environment, String resolver) {

    WorkerSpec {
        environment = Map.copyOf(environment);
    }
}
