package dev.edgedeploy.sandbox;

/**
 * The S3 API operations the sandbox counts and can be told to fail, named as in the S3 API reference. ListParts and
 * ListMultipartUploads are not counted: s3proxy calls them itself while completing an upload.
 */
public enum S3Operation {
    LIST_BUCKETS,
    HEAD_BUCKET,
    CREATE_BUCKET,
    DELETE_BUCKET,
    /** ListObjects and ListObjectsV2 (one count per page). */
    LIST_OBJECTS,
    HEAD_OBJECT,
    GET_OBJECT,
    PUT_OBJECT,
    COPY_OBJECT,
    DELETE_OBJECT,
    /** DeleteObjects (one count per request, whatever the number of keys). */
    DELETE_OBJECTS,
    CREATE_MULTIPART_UPLOAD,
    UPLOAD_PART,
    COMPLETE_MULTIPART_UPLOAD,
    ABORT_MULTIPART_UPLOAD
}
