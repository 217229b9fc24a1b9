package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgedeploy.sandbox.cloudfront.CacheBehavior;
import dev.edgedeploy.sandbox.cloudfront.ManagedCachePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeCachingRulesTest {

    private static final CachingRules OPTIMIZED = CachingRules.of(policy(ManagedCachePolicy.CACHING_OPTIMIZED));

    @Test
    void normalisesAcceptEncodingToBrGzipAsCloudFrontDoes() {
        assertThat(OPTIMIZED.normalisedAcceptEncoding("gzip, deflate, br")).isEqualTo("br,gzip");
        assertThat(OPTIMIZED.normalisedAcceptEncoding("br;q=1.0, identity")).isEqualTo("br");
        assertThat(OPTIMIZED.normalisedAcceptEncoding("GZIP")).isEqualTo("gzip");
        assertThat(OPTIMIZED.normalisedAcceptEncoding("deflate, compress")).isNull();
        assertThat(OPTIMIZED.normalisedAcceptEncoding(null)).isNull();
    }

    @Test
    void aCodingWithQualityZeroIsRefused() {
        assertThat(OPTIMIZED.normalisedAcceptEncoding("gzip;q=0, br")).isEqualTo("br");
        assertThat(OPTIMIZED.normalisedAcceptEncoding("br; q=0.000")).isNull();
    }

    @Test
    void legacyBehaviorsNormaliseToGzipOnlyAndCachingDisabledToNothing() {
        CachingRules legacy = CachingRules.of(legacy(0L, 0L, 0L));
        CachingRules disabled = CachingRules.of(policy(ManagedCachePolicy.CACHING_DISABLED));

        assertThat(legacy.normalisedAcceptEncoding("gzip, br")).isEqualTo("gzip");
        assertThat(disabled.normalisedAcceptEncoding("gzip, br")).isNull();
    }

    @Test
    void theOriginsMaxAgeIsBoundedByTheMinimumAndMaximumTtl() {
        assertThat(OPTIMIZED.ttlSeconds("public, max-age=31536000, immutable")).isEqualTo(31_536_000);
        assertThat(OPTIMIZED.ttlSeconds("max-age=0")).isEqualTo(1);
        assertThat(OPTIMIZED.ttlSeconds("max-age=60, s-maxage=600")).isEqualTo(600);
        assertThat(OPTIMIZED.ttlSeconds(null)).isEqualTo(86_400);
        assertThat(CachingRules.of(legacy(10L, 20L, 30L)).ttlSeconds("max-age=3600")).isEqualTo(30);
    }

    @Test
    void noCacheGetsTheMinimumTtlAndAZeroMaximumNeverCaches() {
        assertThat(OPTIMIZED.ttlSeconds("no-cache")).isEqualTo(1);
        assertThat(CachingRules.of(legacy(0L, 86_400L, 31_536_000L)).ttlSeconds("no-store")).isZero();
        assertThat(CachingRules.of(legacy(0L, 0L, 0L)).ttlSeconds("max-age=600")).isZero();
        assertThat(CachingRules.of(policy(ManagedCachePolicy.CACHING_DISABLED)).ttlSeconds("max-age=600")).isZero();
    }

    private static CacheBehavior policy(ManagedCachePolicy policy) {
        return new CacheBehavior("*", "o", "allow-all", policy.id(), null, null, null, true, List.of());
    }

    private static CacheBehavior legacy(Long min, Long def, Long max) {
        return new CacheBehavior("*", "o", "allow-all", null, min, def, max, true, List.of());
    }
}
