package dev.edgedeploy.core.release;

import java.util.Objects;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/**
 * Where an alias points: its primary version and, during a shift, the additional version with its weight.
 *
 * @param version the primary version
 * @param additionalVersion the version being shifted to; null when no shift is in progress
 * @param weight the additional version's share, 0–1
 */
public record AliasState(String version, String additionalVersion, double weight) {

    public AliasState {
        Objects.requireNonNull(version, "version");
    }

    /** Reads GetAlias's answer: RoutingConfig holds at most one additional version. */
    public static AliasState of(GetAliasResponse alias) {
        if (alias.routingConfig() != null && alias.routingConfig().hasAdditionalVersionWeights()
                && !alias.routingConfig().additionalVersionWeights().isEmpty()) {
            var weight = alias.routingConfig().additionalVersionWeights().entrySet().iterator().next();
            return new AliasState(alias.functionVersion(), weight.getKey(), weight.getValue());
        }
        return new AliasState(alias.functionVersion(), null, 0);
    }

    public boolean shifting() {
        return additionalVersion != null;
    }

    /** The share of traffic on {@code target}: 100 when it is the primary without routing. */
    public int percentOn(String target) {
        if (target.equals(additionalVersion)) {
            return (int) Math.round(weight * 100);
        }
        return target.equals(version) ? (int) Math.round((shifting() ? 1 - weight : 1) * 100) : 0;
    }

    @Override
    public String toString() {
        return shifting() ? "version " + version + " with " + Math.round(weight * 100) + " % on version "
                + additionalVersion : "version " + version;
    }
}
