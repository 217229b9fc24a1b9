package dev.edgedeploy.core.release;

/**
 * How a shift ended.
 *
 * @param deploymentId the CodeDeploy deployment; null for the first release (alias created, nothing shifted)
 * @param alias where the alias points at the end
 */
public record ShiftResult(String deploymentId, AliasState alias) {
}
