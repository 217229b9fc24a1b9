package dev.edgedeploy.core.upload;

import java.util.Objects;

/** One bucket of the deploy target, in its region. */
public record BucketTarget(String region, String bucket) {

    public BucketTarget {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
    }

    /** The bucket's regional S3 domain, as a CloudFront S3 origin names it. */
    public String domainName() {
        return bucket + ".s3." + region + ".amazonaws.com";
    }

    @Override
    public String toString() {
        return "s3://" + bucket + " (" + region + ")";
    }
}
