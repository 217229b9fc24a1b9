package dev.edgedeploy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
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
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The sandbox's blob store: s3proxy's filesystem store behind a layer that counts every S3 operation and answers
 * with injected faults. s3proxy calls its blob store for its own bookkeeping too (multipart stubs, the part list on
 * completion): those calls are neither counted nor failed, so a count is the number of client requests. s3proxy sends an {@link S3Exception} thrown here to the client as the S3 error document
 * with its status and code, exactly as AWS would.
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
        admit(S3Operation.LIST_BUCKETS, null, null, null);
        return super.list();
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        admit(S3Operation.LIST_OBJECTS, request.bucket(), null, null);
        return super.list(request);
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        admit(S3Operation.HEAD_BUCKET, request.bucket(), null, null);
        return super.headBucket(request);
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        admit(S3Operation.CREATE_BUCKET, request.bucket(), null, null);
        return super.createContainer(request);
    }

    @Override
    public void deleteBucket(String bucket) {
        admit(S3Operation.DELETE_BUCKET, bucket, null, null);
        super.deleteBucket(bucket);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        admit(S3Operation.PUT_OBJECT, request.bucket(), request.key(), body);
        return super.putBlob(request, body);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        admit(S3Operation.COPY_OBJECT, request.destinationBucket(), request.destinationKey(), null);
        return super.copyBlob(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        admit(S3Operation.HEAD_OBJECT, request.bucket(), request.key(), null);
        HeadObjectResponse response = super.blobMetadata(request);
        StoredContentType.remember(response.contentType());
        return response;
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        admit(S3Operation.GET_OBJECT, request.bucket(), request.key(), null);
        ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
        StoredContentType.remember(response.response().contentType());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        admit(S3Operation.DELETE_OBJECT, request.bucket(), request.key(), null);
        return super.removeBlob(request);
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        admit(S3Operation.DELETE_OBJECTS, request.bucket(), null, null);
        return delegate().removeBlobs(request);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        admit(S3Operation.CREATE_MULTIPART_UPLOAD, request.bucket(), null, null);
        return super.initiateMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream body) {
        admit(S3Operation.UPLOAD_PART, upload.containerName(), null, body);
        return super.uploadMultipartPart(upload, request, body);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        admit(S3Operation.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), null, null);
        return super.completeMultipartUpload(upload, request);
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        admit(S3Operation.ABORT_MULTIPART_UPLOAD, upload.containerName(), null, null);
        super.abortMultipartUpload(upload);
    }



    private void admit(S3Operation operation, String bucket, String key, InputStream body) {
        if (key != null && (key.startsWith(MULTIPART_STUB_PREFIX) || key.startsWith(MULTIPART_PART_PREFIX))) {
            return; // s3proxy's own bookkeeping of a multipart upload, not a client request
        }
        Optional<S3Fault> fault = traffic.admit(operation, bucket);
        if (fault.isPresent()) {
            // AWS reads the body before it answers an upload; failing first would leave the client mid-send
            drain(body);
            S3Fault f = fault.get();
            throw (S3Exception) S3Exception.builder()
                    .statusCode(f.status())
                    .message(f.message())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(f.errorCode()).errorMessage(f.message())
                            .build())
                    .build();
        }
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
