package dev.edgedeploy.sandbox.cloudfront;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache behavior as the edge applies it.
 *
 * @param pathPattern the pattern it matches; {@code *} for the default behavior
 * @param targetOriginId the origin it fetches from
 * @param viewerProtocolPolicy {@code allow-all}, {@code https-only} or {@code redirect-to-https}
 * @param cachePolicyId the cache policy, or null for legacy {@code ForwardedValues} with the TTLs below
 * @param minTtl legacy minimum TTL in seconds, null when a cache policy decides
 * @param defaultTtl legacy default TTL in seconds, null when unset
 * @param maxTtl legacy maximum TTL in seconds, null when unset
 * @param compress whether CloudFront compresses responses itself
 * @param lambdaAssociations the Lambda@Edge functions triggered, at most one per event type
 */
public record CacheBehavior(String pathPattern, String targetOriginId, String viewerProtocolPolicy,
        String cachePolicyId, Long minTtl, Long defaultTtl, Long maxTtl, boolean compress,
        List<LambdaAssociation> lambdaAssociations) {

    /** The path pattern of a distribution's default behavior. */
    public static final String DEFAULT_PATH_PATTERN = "*";

    public CacheBehavior {
        Objects.requireNonNull(pathPattern, "pathPattern");
        Objects.requireNonNull(targetOriginId, "targetOriginId");
        Objects.requireNonNull(viewerProtocolPolicy, "viewerProtocolPolicy");
        lambdaAssociations = List.copyOf(lambdaAssociations);
    }

    /** The managed cache policy that decides this behavior's TTLs, empty for legacy TTLs. */
    public Optional<ManagedCachePolicy> cachePolicy() {
        return cachePolicyId == null ? Optional.empty() : ManagedCachePolicy.byId(cachePolicyId);
    }
}
