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
 * @param allowedMethods the HTTP methods CloudFront accepts on it (AllowedMethods; GET and HEAD when absent)
 * @param cachedMethods the methods whose answers are cached (CachedMethods; GET and HEAD when absent)
 * @param responseHeadersPolicyId a managed response headers policy, or null
 */
public record CacheBehavior(String pathPattern, String targetOriginId, String viewerProtocolPolicy,
        String cachePolicyId, Long minTtl, Long defaultTtl, Long maxTtl, boolean compress,
        List<LambdaAssociation> lambdaAssociations, List<String> allowedMethods, List<String> cachedMethods,
        String responseHeadersPolicyId) {

    /** The path pattern of a distribution's default behavior. */
    public static final String DEFAULT_PATH_PATTERN = "*";
    /** The methods of a behavior that names none, and the smallest set CloudFront allows. */
    public static final List<String> GET_HEAD = List.of("GET", "HEAD");
    /** The only AllowedMethods sets CloudFront accepts (compared as sets). */
    public static final List<List<String>> ALLOWED_METHOD_SETS = List.of(GET_HEAD, List.of("GET", "HEAD", "OPTIONS"),
            List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"));

    public CacheBehavior {
        Objects.requireNonNull(pathPattern, "pathPattern");
        Objects.requireNonNull(targetOriginId, "targetOriginId");
        Objects.requireNonNull(viewerProtocolPolicy, "viewerProtocolPolicy");
        lambdaAssociations = List.copyOf(lambdaAssociations);
        allowedMethods = List.copyOf(allowedMethods);
        cachedMethods = List.copyOf(cachedMethods);
    }

    /** A GET/HEAD behavior without a response headers policy. */
    public CacheBehavior(String pathPattern, String targetOriginId, String viewerProtocolPolicy, String cachePolicyId,
            Long minTtl, Long defaultTtl, Long maxTtl, boolean compress, List<LambdaAssociation> lambdaAssociations) {
        this(pathPattern, targetOriginId, viewerProtocolPolicy, cachePolicyId, minTtl, defaultTtl, maxTtl, compress,
                lambdaAssociations, GET_HEAD, GET_HEAD, null);
    }

    public boolean allows(String method) {
        return allowedMethods.contains(method);
    }

    public boolean caches(String method) {
        return cachedMethods.contains(method);
    }

    /** The managed response headers policy applied to this behavior's answers, if any. */
    public Optional<ManagedResponseHeadersPolicy> responseHeadersPolicy() {
        return responseHeadersPolicyId == null ? Optional.empty()
                : ManagedResponseHeadersPolicy.byId(responseHeadersPolicyId);
    }

    /** The managed cache policy that decides this behavior's TTLs, empty for legacy TTLs. */
    public Optional<ManagedCachePolicy> cachePolicy() {
        return cachePolicyId == null ? Optional.empty() : ManagedCachePolicy.byId(cachePolicyId);
    }
}
