package dev.edgedeploy.sandbox.lambda;

import java.util.Map;

/**
 * A function alias: a name for a version, optionally sending a share of invocations to one other version.
 *
 * @param additionalVersionWeights at most one entry, version to weight in [0, 1]
 */
record AliasConfiguration(String name, String functionVersion, String description,
        Map<String, Double> additionalVersionWeights, String revisionId) {

    AliasConfiguration {
        additionalVersionWeights = Map.copyOf(additionalVersionWeights);
    }
}
