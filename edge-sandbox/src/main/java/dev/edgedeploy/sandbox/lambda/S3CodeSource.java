package dev.edgedeploy.sandbox.lambda;

import java.util.Optional;

/**
 * Reads a deployment package named by {@code Code.S3Bucket}/{@code S3Key} (the S3 sandbox supplies one; without
 * it every object is missing, as in an account without that bucket).
 */
@FunctionalInterface
public interface S3CodeSource {

    /** The object's bytes, or empty when the bucket, key or version does not exist. */
    Optional<byte[]> read(String bucket, String key, String objectVersion);

    /** A source in which no object exists. */
    static S3CodeSource none() {
        return (bucket, key, objectVersion) -> Optional.empty();
    }
}
