package dev.edgedeploy.core.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each AWS service is reached when it is not AWS itself (the local sandbox gives every service its own
 * loopback endpoint). All empty means AWS.
 *
 * @param s3 the S3 endpoint (addressed path-style when present)
 * @param lambda the Lambda endpoint
 * @param cloudFront the CloudFront endpoint
 * @param codeDeploy the CodeDeploy endpoint
 * @param cloudWatch the CloudWatch endpoint
 */
public record ServiceEndpoints(Optional<URI> s3, Optional<URI> lambda, Optional<URI> cloudFront,
        Optional<URI> codeDeploy, Optional<URI> cloudWatch) {

    public ServiceEndpoints {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(lambda, "lambda");
        Objects.requireNonNull(cloudFront, "cloudFront");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    /** AWS's own endpoints for every service. */
    public static ServiceEndpoints aws() {
        return new ServiceEndpoints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Every service at its own endpoint, e.g. the sandbox's. */
    public static ServiceEndpoints of(URI s3, URI lambda, URI cloudFront, URI codeDeploy, URI cloudWatch) {
        return new ServiceEndpoints(Optional.of(s3), Optional.of(lambda), Optional.of(cloudFront),
                Optional.of(codeDeploy), Optional.of(cloudWatch));
    }

    /** Only S3 elsewhere (tests of the upload alone). */
    public static ServiceEndpoints s3Only(URI s3) {
        return new ServiceEndpoints(Optional.of(s3), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public boolean allAws() {
        return s3.isEmpty() && lambda.isEmpty() && cloudFront.isEmpty() && codeDeploy.isEmpty()
                && cloudWatch.isEmpty();
    }

    @Override
    public String toString() {
        if (allAws()) {
            return "AWS";
        }
        return "s3=" + s3.map(Object::toString).orElse("AWS") + ", lambda=" + lambda.map(Object::toString).orElse("AWS")
                + ", cloudfront=" + cloudFront.map(Object::toString).orElse("AWS") + ", codedeploy="
                + codeDeploy.map(Object::toString).orElse("AWS") + ", cloudwatch="
                + cloudWatch.map(Object::toString).orElse("AWS");
    }
}
