package dev.edgedeploy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.checksum.FlexChecksum;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The sandbox's blob store: s3proxy's filesystem store behind a layer that counts every S3 operation and answers
 * with injected faults. s3proxy sends an {@link S3Exception} thrown here to the client as the S3 error document
 * with its status and code, exactly as AWS would. s3proxy also calls its blob store for its own bookkeeping
 * (multipart stubs and parts): those calls are neither counted nor failed, so a count is a number of client
 * requests.
 */
final class ObservedBlobStore extends ForwardingBlobStore {

    /** s3proxy keeps each open multipart upload as hidden stub and part objects it reads and writes itself. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";
    private static final String MULTIPART_PART_PREFIX = ".mpus-";

    private final S3Traffic traffic;

    ObservedBlobStore(BlobStore delegate, S3Traffic traffic) {
        super(delegate);
        this.traffic = traffic;
    }

    @Override
    public ListBucketsResponse list() {
        return observe(S3Operation.LIST_BUCKETS, null, null, null, super::list);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        return observe(S3Operation.LIST_OBJECTS, request.bucket(), null, null, () -> super.list(request));
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        return observe(S3Operation.HEAD_BUCKET, request.bucket(), null, null, () -> super.headBucket(request));
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        return observe(S3Operation.CREATE_BUCKET, request.bucket(), null, null,
                () -> super.createContainer(request));
    }

    @Override
    public void deleteBucket(String bucket) {
        observe(S3Operation.DELETE_BUCKET, bucket, null, null, () -> {
            super.deleteBucket(bucket);
            return null;
        });
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        return observe(S3Operation.PUT_OBJECT, request.bucket(), request.key(), body,
                () -> super.putBlob(request, body));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return observe(S3Operation.COPY_OBJECT, request.destinationBucket(), request.destinationKey(), null,
                () -> copy(request));
    }

    /**
     * CopyObject as AWS does it. s3proxy 4.1 reads neither of two headers AWS honours on a copy, so they are read here
     * from the request: {@code If-None-Match: *} (a conditional write: 412 PreconditionFailed when the destination
     * exists, as on PutObject) and {@code x-amz-checksum-algorithm} (S3 computes that checksum of the new object,
     * replacing the one the source had). Like s3proxy's own PutObject condition, the existence check and the write
     * are two steps: two concurrent conditional writes of one key may both pass, where AWS answers one of them 409.
     */
    private CopyObjectResponse copy(CopyObjectRequest request) {
        String ifNoneMatch = ExchangeHandler.requestHeader("If-None-Match");
        if (ifNoneMatch != null) {
            if (!"*".equals(ifNoneMatch.trim())) {
                throw s3Error(501, "NotImplemented", "A header you provided implies functionality that is not"
                        + " implemented: If-None-Match accepts only *");
            }
            if (delegate().blobMetadataIfPresent(request.destinationBucket(), request.destinationKey()) != null) {
                throw s3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not"
                        + " hold");
            }
        }
        String algorithm = ExchangeHandler.requestHeader("x-amz-checksum-algorithm");
        FlexChecksum checksum = algorithm == null ? null : FlexChecksum.fromAlgorithmName(algorithm);
        if (algorithm != null && checksum == null) {
            throw s3Error(400, "InvalidRequest", "Value for x-amz-checksum-algorithm header is invalid.");
        }
        CopyObjectResponse copied = super.copyBlob(request);
        if (checksum == null) {
            return copied;
        }
        // the copy carried the source's checksum metadata over; replace it with the one asked for, of the new bytes
        String bucket = request.destinationBucket();
        String key = request.destinationKey();
        HeadObjectResponse stored = delegate().blobMetadata(bucket, key);
        SdkChecksum digest = checksum.newChecksum();
        try (InputStream in = delegate().getBlob(bucket, key)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        stored.metadata().forEach((name, value) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith(FlexChecksum.METADATA_PREFIX)) {
                metadata.put(name, value);
            }
        });
        metadata.put(checksum.metadataKey(), Base64.getEncoder().encodeToString(digest.getChecksumBytes()));
        delegate().copyBlob(CopyObjectRequest.builder()
                .sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                .copySourceIfMatch(stored.eTag())
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(stored.contentType())
                .contentEncoding(stored.contentEncoding())
                .cacheControl(stored.cacheControl())
                .contentDisposition(stored.contentDisposition())
                .contentLanguage(stored.contentLanguage())
                .metadata(metadata)
                .build());
        return copied;
    }

    private static S3Exception s3Error(int status, String code, String message) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        return observe(S3Operation.HEAD_OBJECT, request.bucket(), request.key(), null, () -> {
            HeadObjectResponse response = super.blobMetadata(request);
            ExchangeHandler.rememberStoredContentType(response.contentType());
            return response;
        });
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        return observe(S3Operation.GET_OBJECT, request.bucket(), request.key(), null, () -> {
            ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
            ExchangeHandler.rememberStoredContentType(response.response().contentType());
            return response;
        });
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return observe(S3Operation.DELETE_OBJECT, request.bucket(), request.key(), null,
                () -> super.removeBlob(request));
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        // to the delegate directly: its default implementation would count each key as a DeleteObject
        return observe(S3Operation.DELETE_OBJECTS, request.bucket(), null, null,
                () -> delegate().removeBlobs(request));
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        return observe(S3Operation.CREATE_MULTIPART_UPLOAD, request.bucket(), request.key(), null,
                () -> super.initiateMultipartUpload(request));
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream body) {
        return observe(S3Operation.UPLOAD_PART, upload.containerName(), upload.blobName(), body,
                () -> super.uploadMultipartPart(upload, request, body));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        return observe(S3Operation.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), upload.blobName(), null,
                () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        observe(S3Operation.ABORT_MULTIPART_UPLOAD, upload.containerName(), upload.blobName(), null, () -> {
            super.abortMultipartUpload(upload);
            return null;
        });
    }

    private <T> T observe(S3Operation operation, String bucket, String key, InputStream body, Supplier<T> call) {
        if (key != null && (key.startsWith(MULTIPART_STUB_PREFIX) || key.startsWith(MULTIPART_PART_PREFIX))) {
            return call.get(); // s3proxy's own bookkeeping of a multipart upload, not a client request
        }
        Optional<S3Fault> fault = traffic.admit(operation, bucket);
        if (fault.isPresent() && !fault.get().afterOperation()) {
            // AWS reads the body before it answers an upload; failing first would leave the client mid-send
            drain(body);
            throw fail(fault.get());
        }
        T result = call.get();
        if (fault.isPresent()) {
            throw fail(fault.get());
        }
        return result;
    }

    private static RuntimeException fail(S3Fault fault) {
        if (fault.dropsConnection()) {
            ExchangeHandler.dropConnection();
            // nobody reads this answer: the socket is closed
            return S3Exception.builder().statusCode(500).message("connection dropped by the sandbox").build();
        }
        return S3Exception.builder()
                .statusCode(fault.status())
                .message(fault.message())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(fault.errorCode()).errorMessage(fault.message())
                        .build())
                .build();
    }

    private static void drain(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
