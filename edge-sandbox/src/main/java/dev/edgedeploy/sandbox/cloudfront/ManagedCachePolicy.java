package dev.edgedeploy.sandbox.cloudfront;

import java.util.Optional;

/**
 * The cache policies AWS manages, which every account can attach by id; the sandbox has no CreateCachePolicy, so
 * these are the only {@code CachePolicyId}s a behavior may name. TTLs in seconds from "Use managed cache policies"
 * (CloudFront developer guide; the UseOriginCacheControlHeaders pair is listed there without verified TTLs here and
 * carries CloudFront's legacy defaults: the origin's Cache-Control decides, bounded by one year).
 */
public enum ManagedCachePolicy {
    CACHING_OPTIMIZED("658327ea-f89d-4fab-a63d-7e88639e58f6", 1, 86_400, 31_536_000),
    CACHING_OPTIMIZED_FOR_UNCOMPRESSED_OBJECTS("b2884449-e4de-46a7-ac36-70bc7f1ddd6d", 1, 86_400, 31_536_000),
    CACHING_DISABLED("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", 0, 0, 0),
    ELEMENTAL_MEDIA_PACKAGE("08627262-05a9-4f76-9ded-b50ca2e3a84f", 0, 86_400, 31_536_000),
    AMPLIFY("2e54312d-136d-493c-8eb9-b001f22f67d2", 2, 2, 600),
    USE_ORIGIN_CACHE_CONTROL_HEADERS("83da9c7e-98b4-4e11-a168-04f0df8e2c65", 0, 0, 31_536_000),
    USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS("4cc15a8a-d715-48a4-82b8-cc0b614638fe", 0, 0, 31_536_000);

    private final String id;
    private final long minTtl;
    private final long defaultTtl;
    private final long maxTtl;

    ManagedCachePolicy(String id, long minTtl, long defaultTtl, long maxTtl) {
        this.id = id;
        this.minTtl = minTtl;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    public String id() {
        return id;
    }

    public long minTtl() {
        return minTtl;
    }

    public long defaultTtl() {
        return defaultTtl;
    }

    public long maxTtl() {
        return maxTtl;
    }

    /** The managed policy with this id, if it is one. */
    public static Optional<ManagedCachePolicy> byId(String id) {
        for (ManagedCachePolicy policy : values()) {
            if (policy.id.equals(id)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
