package dev.edgedeploy.core.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeTriggerTest {

    @Test
    void countsTheLargerOfIdentityAndBase64GzipPlusTheErrorBeaconAndHeaders() {
        assertThat(EdgeTrigger.generatedResponseBytes(3000, 900)).isEqualTo(3000 + 1024 + 1024);
        assertThat(EdgeTrigger.generatedResponseBytes(3000, 2999)).isEqualTo(4000 + 1024 + 1024);
        assertThat(EdgeTrigger.generatedResponseBytes(0, 1)).isEqualTo(4 + 1024 + 1024);
    }

    @Test
    void holdsTheLambdaAtEdgeLimitsPerTrigger() {
        assertThat(EdgeTrigger.ORIGIN_REQUEST.maxBundleBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(EdgeTrigger.ORIGIN_REQUEST.maxGeneratedResponseBytes()).isEqualTo(1024L * 1024);
        assertThat(EdgeTrigger.VIEWER_REQUEST.maxBundleBytes()).isEqualTo(1024L * 1024);
        assertThat(EdgeTrigger.VIEWER_REQUEST.maxGeneratedResponseBytes()).isEqualTo(40L * 1024);
    }

    @Test
    void passesAnEntryAtTheLimitAndFailsOneByteOver() {
        long limit = EdgeTrigger.VIEWER_REQUEST.maxGeneratedResponseBytes() - EdgeTrigger.HEADER_BUDGET_BYTES
                - EdgeTrigger.ERROR_BEACON_BUDGET_BYTES;
        assertThat(EdgeTrigger.VIEWER_REQUEST.checkEntry("index.js", limit, 100)).isEmpty();
        assertThat(EdgeTrigger.VIEWER_REQUEST.checkEntry("index.js", limit + 1, 100)).hasValueSatisfying(
                p -> assertThat(p.subject()).isEqualTo("index.js"));
    }

    @Test
    void failsABundleOverTheZippedLimitNamingTheTrigger() {
        assertThat(EdgeTrigger.VIEWER_REQUEST.checkBundle("edge-bundle.zip", 1024 * 1024 + 1)).hasValueSatisfying(
                p -> assertThat(p.what()).contains("viewer-request trigger allows 1048576 bytes"));
        assertThat(EdgeTrigger.ORIGIN_REQUEST.checkBundle("edge-bundle.zip", 1024 * 1024 + 1)).isEmpty();
    }
}
