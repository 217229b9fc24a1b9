package dev.edgedeploy.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The fix the P1 profile points at, tried from outside the product: the S3 client asks for {@code 100 Continue} before
 * every PutObject/UploadPart body, which costs a second round trip per request; below {@link #THRESHOLD} bytes the
 * body is cheaper to send than to ask about. It only works registered on the client's override configuration (S3's
 * own interceptor adds the header after any global one) and with the Apache client's expect-continue switched off
 * (it adds the header too): {@code experiments/no-expect-continue.patch} does both to {@code AwsClients}, and
 * {@code PATCH_NO_EXPECT_CONTINUE=1 run.sh} runs with that patched class. Does nothing unless {@link #enabled} is set,
 * which only the "x" variants do.
 */
public final class SmallBodiesWithoutExpectContinue implements ExecutionInterceptor {

    static final long THRESHOLD = 1024 * 1024;
    static volatile boolean enabled;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        if (!enabled || request.firstMatchingHeader("Expect").isEmpty()) {
            return request;
        }
        long length = request.firstMatchingHeader("x-amz-decoded-content-length")
                .or(() -> request.firstMatchingHeader("Content-Length")).map(Long::parseLong).orElse(Long.MAX_VALUE);
        return length < THRESHOLD ? request.toBuilder().removeHeader("Expect").build() : request;
    }
}
