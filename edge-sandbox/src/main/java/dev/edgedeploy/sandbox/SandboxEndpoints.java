package dev.edgedeploy.sandbox;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/**
 * Where each sandbox service listens on loopback: what a client passes as {@code endpointOverride}, per service.
 *
 * @param s3 the S3 endpoint (path-style addressing)
 * @param lambda the Lambda endpoint
 * @param cloudFront the CloudFront endpoint
 * @param cloudWatch the CloudWatch endpoint (AWS Query protocol)
 * @param codeDeploy the CodeDeploy endpoint
 * @param route53 the Route53 endpoint
 * @param dns the default DNS listener, answering as for viewers in the default region
 */
public record SandboxEndpoints(URI s3, URI lambda, URI cloudFront, URI cloudWatch, URI codeDeploy, URI route53, InetSocketAddress dns) {

    public SandboxEndpoints {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(lambda, "lambda");
        Objects.requireNonNull(cloudFront, "cloudFront");
        Objects.requireNonNull(cloudWatch, "cloudWatch");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
        Objects.requireNonNull(route53, "route53");
        Objects.requireNonNull(dns, "dns");
    }
}
