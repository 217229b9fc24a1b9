package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.manifest.ManifestObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The S3 calls the uploader makes on one bucket, with S3's answers turned into outcomes or typed failures. */
final class BucketClient {

    /** Result of a write guarded by {@code If-None-Match: *}. */
    enum Write {
        WRITTEN,
        /** 412: the key already exists; the caller compares it. */
        ALREADY_EXISTS
    }

    static final String SHA256_METADATA = "sha256";

    private final BucketTarget target;
    private final S3Client s3;

    BucketClient(BucketTarget target, S3Client s3) {
        this.target = target;
        this.s3 = s3;
    }

    BucketTarget target() {
        return target;
    }

    /** HeadBucket; the SDK's exception is the caller's to explain, with the fix. */
    void headBucket() {
        s3.headBucket(b -> b.bucket(target.bucket()));
    }

    /** Every object under the prefix, by key (paginated). */
    Map<String, S3Object> list(String prefix) {
        try {
            Map<String, S3Object> objects = new LinkedHashMap<>();
            s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(prefix))
                    .contents()
                    .forEach(o -> objects.put(o.key(), o));
            return objects;
        } catch (SdkException e) {
            throw failure("list " + prefix, e);
        }
    }

    Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(target.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HEAD has no body, so S3 cannot say NoSuchKey
            }
            throw failure("read the metadata of " + key, e);
        } catch (SdkException e) {
            throw failure("read the metadata of " + key, e);
        }
    }

    byte[] get(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(target.bucket()).key(key)).asByteArray();
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    /** One PUT streamed from the file, with the SHA-256 S3 checks the bytes against. */
    Write put(ManifestObject object, Path file) {
        try {
            s3.putObject(b -> b.bucket(target.bucket())
                            .key(object.key())
                            .ifNoneMatch("*")
                            .contentType(object.contentType())
                            .contentEncoding(object.contentEncoding())
                            .cacheControl(object.cacheControl())
                            .contentLength(object.size())
                            .metadata(Map.of(SHA256_METADATA, object.sha256()))
                            .checksumSHA256(LocalObjects.sha256Base64(object.sha256())),
                    RequestBody.fromFile(file));
            return Write.WRITTEN;
        } catch (S3Exception e) {
            if (isConditionFailure(e)) {
                return Write.ALREADY_EXISTS;
            }
            throw failure("upload " + object.key(), e);
        } catch (SdkException e) {
            throw failure("upload " + object.key(), e);
        }
    }

    /** The manifest: small, from memory, never cached by CloudFront. */
    Write putManifest(String key, byte[] bytes) {
        String sha256 = LocalObjects.sha256Hex(bytes);
        try {
            s3.putObject(b -> b.bucket(target.bucket())
                            .key(key)
                            .ifNoneMatch("*")
                            .contentType("application/json")
                            .cacheControl("no-cache")
                            .metadata(Map.of(SHA256_METADATA, sha256))
                            .checksumSHA256(LocalObjects.sha256Base64(sha256)),
                    RequestBody.fromBytes(bytes));
            return Write.WRITTEN;
        } catch (S3Exception e) {
            if (isConditionFailure(e)) {
                return Write.ALREADY_EXISTS;
            }
            throw failure("write the manifest " + key, e);
        } catch (SdkException e) {
            throw failure("write the manifest " + key, e);
        }
    }

    /**
     * A multipart upload streamed part by part from the file, each part with its SHA-256 checksum checked by S3,
     * completed with {@code If-None-Match: *}; aborted if anything fails, so no parts are left to bill.
     */
    Write putMultipart(ManifestObject object, Path file, long partSize) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(target.bucket())
                    .key(object.key())
                    .contentType(object.contentType())
                    .contentEncoding(object.contentEncoding())
                    .cacheControl(object.cacheControl())
                    .metadata(Map.of(SHA256_METADATA, object.sha256()))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        } catch (SdkException e) {
            throw failure("start the multipart upload of " + object.key(), e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < object.size(); offset += partSize, number++) {
                long length = Math.min(partSize, object.size() - offset);
                long from = offset;
                int partNumber = number;
                UploadPartResponse response = s3.uploadPart(b -> b.bucket(target.bucket())
                                .key(object.key())
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                        RequestBody.fromContentProvider(() -> FileSlice.open(file, from, length), length,
                                "application/octet-stream"));
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(response.eTag())
                        .checksumSHA256(response.checksumSHA256())
                        .build());
            }
            s3.completeMultipartUpload(b -> b.bucket(target.bucket())
                    .key(object.key())
                    .uploadId(uploadId)
                    .ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            return Write.WRITTEN;
        } catch (S3Exception e) {
            abort(object.key(), uploadId, e);
            if (isConditionFailure(e)) {
                return Write.ALREADY_EXISTS;
            }
            throw failure("upload " + object.key() + " (multipart)", e);
        } catch (RuntimeException e) {
            abort(object.key(), uploadId, e);
            throw e instanceof SdkException sdk ? failure("upload " + object.key() + " (multipart)", sdk) : e;
        }
    }

    private void abort(String key, String uploadId, RuntimeException cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(target.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e); // a lifecycle rule cleans what this could not
        }
    }

    /** 412 PreconditionFailed, or 409 ConditionalRequestConflict when another writer raced us on the same key. */
    private static boolean isConditionFailure(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    TargetException failure(String action, SdkException e) {
        return new TargetException("Cannot " + action + " in " + target + ": " + describe(e)
                + ". Nothing was committed; run the deploy again to resume.", false, e);
    }

    static String describe(SdkException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + " (" + s3e.awsErrorDetails()
                    .errorMessage() + ")";
        }
        return e.getMessage();
    }
}
