package dev.edgedeploy.sandbox.edge;

import dev.edgedeploy.sandbox.cloudfront.CacheBehavior;
import dev.edgedeploy.sandbox.cloudfront.ManagedCachePolicy;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How a cache behavior caches: TTL bounds, whether the normalised {@code Accept-Encoding} is part of the cache key
 * (and sent to the origin), and whether the query string is.
 *
 * <p>TTLs come from the managed cache policy, or from the legacy {@code MinTTL}/{@code DefaultTTL}/{@code MaxTTL}
 * (CloudFront's defaults 0 / 86400 / 31536000 where unset). Compression: the managed policies with "cache
 * compressed objects" enabled normalise to {@code br,gzip} / {@code br} / {@code gzip}; CachingDisabled and
 * CachingOptimizedForUncompressedObjects include no encoding; legacy {@code ForwardedValues} behaviors normalise to
 * {@code gzip} only, as Brotli needs a cache policy ("Serve compressed files", CloudFront developer guide).
 */
record CachingRules(long minTtl, long defaultTtl, long maxTtl, boolean gzip, boolean brotli, boolean queryString) {

    private static final long LEGACY_DEFAULT_TTL = 86_400;
    private static final long LEGACY_MAX_TTL = 31_536_000;

    static CachingRules of(CacheBehavior behavior) {
        if (behavior.cachePolicyId() != null) {
            ManagedCachePolicy policy = behavior.cachePolicy().orElseThrow(() -> new IllegalStateException(
                    "cache policy " + behavior.cachePolicyId() + " is not a managed policy"));
            boolean compressed = policy != ManagedCachePolicy.CACHING_DISABLED
                    && policy != ManagedCachePolicy.CACHING_OPTIMIZED_FOR_UNCOMPRESSED_OBJECTS;
            boolean query = policy == ManagedCachePolicy.AMPLIFY
                    || policy == ManagedCachePolicy.USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS
                    || policy == ManagedCachePolicy.ELEMENTAL_MEDIA_PACKAGE;
            return new CachingRules(policy.minTtl(), policy.defaultTtl(), policy.maxTtl(), compressed, compressed,
                    query);
        }
        long min = behavior.minTtl() == null ? 0 : behavior.minTtl();
        long max = behavior.maxTtl() == null ? Math.max(min, LEGACY_MAX_TTL) : behavior.maxTtl();
        long def = behavior.defaultTtl() == null ? Math.min(max, Math.max(min, LEGACY_DEFAULT_TTL))
                : behavior.defaultTtl();
        return new CachingRules(min, def, max, true, false, false);
    }

    /**
     * CloudFront's normalised {@code Accept-Encoding}: {@code br,gzip}, {@code br}, {@code gzip}, or null when the
     * viewer accepts neither (or the behavior caches no compressed objects). Codings with {@code q=0} are refused.
     */
    String normalisedAcceptEncoding(String viewerHeader) {
        if (viewerHeader == null || !(gzip || brotli)) {
            return null;
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (String part : viewerHeader.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (parameter.matches("q=0(\\.0{0,3})?")) {
                    refused = true;
                }
            }
            if (!refused && !coding.isEmpty()) {
                accepted.add(coding);
            }
        }
        boolean br = brotli && accepted.contains("br");
        boolean gz = gzip && accepted.contains("gzip");
        if (br && gz) {
            return "br,gzip";
        }
        return br ? "br" : gz ? "gzip" : null;
    }

    /**
     * Seconds an answer stays cached: with a {@code Cache-Control} {@code s-maxage}/{@code max-age}, that value
     * bounded by min and max TTL; with {@code no-cache}, {@code no-store} or {@code private}, the minimum TTL; without
     * either, the default TTL. Zero when the maximum is zero ("Manage how long content stays in the cache").
     */
    long ttlSeconds(String cacheControl) {
        if (maxTtl == 0) {
            return 0;
        }
        if (cacheControl == null) {
            return defaultTtl;
        }
        Long maxAge = null;
        Long sharedMaxAge = null;
        for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-cache") || d.equals("no-store") || d.equals("private")) {
                return minTtl;
            }
            if (d.startsWith("max-age=")) {
                maxAge = seconds(d.substring("max-age=".length()));
            } else if (d.startsWith("s-maxage=")) {
                sharedMaxAge = seconds(d.substring("s-maxage=".length()));
            }
        }
        Long age = sharedMaxAge != null ? sharedMaxAge : maxAge;
        if (age == null) {
            return defaultTtl;
        }
        return Math.max(minTtl, Math.min(maxTtl, age));
    }

    private static Long seconds(String value) {
        try {
            return Long.parseLong(value.replace("\"", "").trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
