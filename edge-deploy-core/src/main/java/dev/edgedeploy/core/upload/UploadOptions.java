package dev.edgedeploy.core.upload;

/**
 * How objects are sent: objects larger than {@code multipartThreshold} go as multipart uploads of
 * {@code partSize} parts (S3 needs every part but the last to be at least 5 MiB). How many requests are in
 * flight is {@link dev.edgedeploy.core.aws.AwsSettings#maxConcurrency()}.
 */
public record UploadOptions(long multipartThreshold, long partSize) {

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    public UploadOptions {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be >= 5 MiB (S3's minimum), was " + partSize);
        }
        if (multipartThreshold < partSize) {
            throw new IllegalArgumentException("multipartThreshold (" + multipartThreshold
                    + ") must be >= partSize (" + partSize + ")");
        }
    }

    public static UploadOptions defaults() {
        return new UploadOptions(DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }
}
