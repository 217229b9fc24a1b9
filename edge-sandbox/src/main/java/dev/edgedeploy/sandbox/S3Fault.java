package dev.edgedeploy.sandbox;

/** A failure the sandbox's S3 can answer a request with, as clients of AWS S3 meet them. */
public enum S3Fault {
    /** 503 SlowDown, S3's throttling answer; the operation is not done. The SDK's standard strategy retries it. */
    SLOW_DOWN(503, "SlowDown", "Please reduce your request rate.", false, false),
    /** 500 InternalError, a transient server fault; the operation is not done. Retried by the SDK. */
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again.", false, false),
    /** The connection ends without a response after the request was read; the operation is not done. */
    CONNECTION_RESET(0, "", "", true, false),
    /**
     * The operation is done, then the connection ends without a response: the client cannot know it succeeded
     * (a retried {@code If-None-Match: *} PUT then meets its own object and gets 412).
     */
    RESPONSE_LOST(0, "", "", true, true);

    private final int status;
    private final String errorCode;
    private final String message;
    private final boolean dropsConnection;
    private final boolean afterOperation;

    S3Fault(int status, String errorCode, String message, boolean dropsConnection, boolean afterOperation) {
        this.status = status;
        this.errorCode = errorCode;
        this.message = message;
        this.dropsConnection = dropsConnection;
        this.afterOperation = afterOperation;
    }

    /** The HTTP status of the S3 error response; 0 when the connection is dropped instead. */
    public int status() {
        return status;
    }

    /** The S3 error code, e.g. {@code SlowDown}; empty when the connection is dropped. */
    public String errorCode() {
        return errorCode;
    }

    public String message() {
        return message;
    }

    public boolean dropsConnection() {
        return dropsConnection;
    }

    /** True when the operation takes effect before the fault hits. */
    public boolean afterOperation() {
        return afterOperation;
    }
}
