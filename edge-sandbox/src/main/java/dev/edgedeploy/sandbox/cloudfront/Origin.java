package dev.edgedeploy.sandbox.cloudfront;

import java.util.Objects;

/**
 * One origin of a distribution.
 *
 * @param id the id behaviors name in {@code TargetOriginId}
 * @param domainName e.g. {@code my-bucket.s3.us-east-1.amazonaws.com}
 * @param originPath the path prefix CloudFront adds, empty for none
 * @param s3 whether it is an S3 origin ({@code S3OriginConfig}) rather than a custom one
 */
public record Origin(String id, String domainName, String originPath, boolean s3) {

    public Origin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(originPath, "originPath");
    }
}
