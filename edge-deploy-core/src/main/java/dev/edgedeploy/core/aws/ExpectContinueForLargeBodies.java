package dev.edgedeploy.core.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Asks S3 for {@code 100 Continue} only before bodies worth asking about. The S3 client sends
 * {@code Expect: 100-continue} with every PutObject/UploadPart, which costs a second round trip per request: measured
 * (docs/benchmarks.md, P1), that doubled the time of uploading a webpack build, mostly small chunks. Below
 * {@link #THRESHOLD} a refused body costs less than the extra round trip; above it (multipart parts) the handshake
 * still spares sending megabytes to a server that would refuse them.
 *
 * <p>Registered on the S3 client's own override configuration, so it runs after the S3 interceptor that adds the
 * header; the Apache HTTP client's own expect-continue is switched off in {@link AwsClients}.
 */
final class ExpectContinueForLargeBodies implements ExecutionInterceptor {

    static final long THRESHOLD = 1024 * 1024;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return withoutExpectForSmallBodies(context.httpRequest());
    }

    static SdkHttpRequest withoutExpectForSmallBodies(SdkHttpRequest request) {
        if (request.firstMatchingHeader("Expect").isEmpty()) {
            return request;
        }
        long length = request.firstMatchingHeader("x-amz-decoded-content-length")
                .or(() -> request.firstMatchingHeader("Content-Length"))
                .map(Long::parseLong)
                .orElse(Long.MAX_VALUE);
        return length < THRESHOLD ? request.toBuilder().removeHeader("Expect").build() : request;
    }
}
