package dev.edgedeploy.sandbox.lambda;

import java.util.Objects;

/**
 * Where a Lambda@Edge replica runs: the edge location whose execution environments serve an invocation. A replica
 * keeps its own warm environments (an environment is never shared between locations, so whatever a handler caches
 * in memory, such as a DNS answer, belongs to one location), runs with {@code AWS_REGION} set to the region it
 * executes in, as Lambda@Edge does, and resolves names with the location's resolver.
 *
 * @param edgeLocation the edge location's name, e.g. {@code FRA50-C1}
 * @param region the AWS region the replica executes in
 * @param resolver the {@code host:port} of the DNS server the environment's {@code node:dns} uses (what
 *     {@code dns.getServers()} answers inside the function)
 */
public record EdgeReplica(String edgeLocation, String region, String resolver) {

    public EdgeReplica {
        Objects.requireNonNull(edgeLocation, "edgeLocation");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(resolver, "resolver");
    }
}
