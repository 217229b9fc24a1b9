package dev.edgedeploy.sandbox.codedeploy;

import java.time.Instant;

/**
 * One change CodeDeploy made to the alias during a deployment, in sandbox time.
 *
 * @param deploymentId the deployment that made it
 * @param at when, on the service's clock
 * @param targetPercent the share of traffic now on the target version (0 after a rollback, 100 at the end)
 * @param aliasVersion the alias's FunctionVersion after the change
 * @param targetVersion the version being deployed
 * @param rollback whether this change restored the original version
 */
public record TrafficShift(String deploymentId, Instant at, String functionName, String alias, int targetPercent,
        String aliasVersion, String targetVersion, boolean rollback) {
}
