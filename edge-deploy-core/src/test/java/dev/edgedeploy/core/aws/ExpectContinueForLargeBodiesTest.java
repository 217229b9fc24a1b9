package dev.edgedeploy.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class ExpectContinueForLargeBodiesTest {

    @Test
    void dropsTheHandshakeBelowOneMebibyte() {
        SdkHttpRequest small = put("Content-Length", ExpectContinueForLargeBodies.THRESHOLD - 1);
        assertThat(ExpectContinueForLargeBodies.withoutExpectForSmallBodies(small).firstMatchingHeader("Expect"))
                .isEmpty();
    }

    @Test
    void keepsTheHandshakeForLargeBodiesAndUnknownLengths() {
        SdkHttpRequest large = put("Content-Length", ExpectContinueForLargeBodies.THRESHOLD);
        SdkHttpRequest chunked = put("x-amz-decoded-content-length", 8L * 1024 * 1024);
        SdkHttpRequest unknown = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1/b/k")).putHeader("Expect", "100-continue").build();
        assertThat(ExpectContinueForLargeBodies.withoutExpectForSmallBodies(large).firstMatchingHeader("Expect"))
                .contains("100-continue");
        assertThat(ExpectContinueForLargeBodies.withoutExpectForSmallBodies(chunked).firstMatchingHeader("Expect"))
                .contains("100-continue");
        assertThat(ExpectContinueForLargeBodies.withoutExpectForSmallBodies(unknown).firstMatchingHeader("Expect"))
                .contains("100-continue");
    }

    @Test
    void theDecodedLengthOfAChunkedBodyDecides() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1/b/k")).putHeader("Expect", "100-continue")
                .putHeader("x-amz-decoded-content-length", "100").putHeader("Content-Length", "2000000").build();
        assertThat(ExpectContinueForLargeBodies.withoutExpectForSmallBodies(request).firstMatchingHeader("Expect"))
                .isEmpty();
    }

    private static SdkHttpRequest put(String lengthHeader, long length) {
        return SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create("http://127.0.0.1/b/k"))
                .putHeader("Expect", "100-continue").putHeader(lengthHeader, Long.toString(length)).build();
    }
}
