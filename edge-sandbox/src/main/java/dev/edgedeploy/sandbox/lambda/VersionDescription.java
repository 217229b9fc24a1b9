package dev.edgedeploy.sandbox.lambda;

import java.util.List;
import java.util.Map;

/**
 * What other sandbox services need to know about one function version, e.g. CloudFront checking the
 * Lambda@Edge limits of an association (Node.js runtime, memory, timeout, no environment variables, size).
 *
 * @param functionArn the version's qualified ARN
 * @param version a number or {@code $LATEST}
 * @param state {@code Pending} or {@code Active}
 */
public record VersionDescription(String functionArn, String functionName, String version, String runtime,
        String handler, String role, int timeoutSeconds, int memorySize, long codeSize, String codeSha256,
        Map<String, String> environment, List<String> architectures, String state) {

    public VersionDescription {
        environment = Map.copyOf(environment);
        architectures = List.copyOf(architectures);
    }
}
