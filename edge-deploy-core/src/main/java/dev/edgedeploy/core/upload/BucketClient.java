package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.CachePolicy;
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
import software.amazon.awssdk.services.s3.model.MetadataDirective;
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

    /** Result of a server-side copy guarded on both ends. */
    enum Copy {
        COPIED,
        /** 412: the destination exists, or the source's ETag is no longer the one planned; the caller compares. */
        REFUSED,
        /** 404 NoSuchKey: the source is gone. */
        SOURCE_GONE
    }

    /** S3's limit for a CopyObject in one call; bigger objects need UploadPartCopy. */
    static final long MAX_COPY_SIZE = 5L * 1024 * 1024 * 1024;

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

    /** The object's bytes, or empty when there is no such key. */
    Optional<byte[]> getIfPresent(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(target.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    /**
     * A CopyObject inside the bucket: {@code x-amz-copy-source-if-match} pins the source to the ETag planned,
     * {@code If-None-Match: *} keeps the destination write-once (G3), the metadata directive COPY carries
     * Content-Type, Content-Encoding, Cache-Control and {@code x-amz-meta-sha256} over, and S3 computes the SHA-256
     * checksum of the new object.
     */
    Copy copy(ManifestObject object, String sourceKey, String sourceEtag) {
        if (object.size() > MAX_COPY_SIZE) {
            throw new IllegalArgumentException(object.key() + " is over S3's 5 GiB CopyObject limit");
        }
        try {
            s3.copyObject(b -> b.sourceBucket(target.bucket())
                    .sourceKey(sourceKey)
                    .destinationBucket(target.bucket())
                    .destinationKey(object.key())
                    .copySourceIfMatch(sourceEtag)
                    .ifNoneMatch("*")
                    .metadataDirective(MetadataDirective.COPY)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256));
            return Copy.COPIED;
        } catch (S3Exception e) {
            if (isConditionFailure(e)) {
                return Copy.REFUSED;
            }
            if (e.statusCode() == 404 && e.awsErrorDetails() != null
                    && "NoSuchKey".equals(e.awsErrorDetails().errorCode())) {
                return Copy.SOURCE_GONE;
            }
            throw failure("copy " + sourceKey + " to " + object.key(), e);
        } catch (SdkException e) {
            throw failure("copy " + sourceKey + " to " + object.key(), e);
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
                            .checksumSHA256(Sha256.base64OfHex(object.sha256())),
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
        String sha256 = Sha256.hex(bytes);
        try {
            s3.putObject(b -> b.bucket(target.bucket())
                            .key(key)
                            .ifNoneMatch("*")
                            .contentType("application/json")
                            .cacheControl(CachePolicy.MANIFEST)
                            .metadata(Map.of(SHA256_METADATA, sha256))
                            .checksumSHA256(Sha256.base64OfHex(sha256)),
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

    /** The latest-commit pointer: a plain overwrite, never cached, since it is a hint and not a commit. */
    void putLatestCommit(byte[] bytes) {
        String key = BuildLayout.latestCommitKey();
        try {
            s3.putObject(b -> b.bucket(target.bucket())
                            .key(key)
                            .contentType("application/json")
                            .cacheControl(CachePolicy.MANIFEST)
                            .checksumSHA256(Sha256.base64OfHex(Sha256.hex(bytes))),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("write " + key, e);
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
