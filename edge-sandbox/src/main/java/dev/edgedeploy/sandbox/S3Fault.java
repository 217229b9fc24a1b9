package dev.edgedeploy.sandbox;

/** A failure the sandbox's S3 can answer with instead of doing the operation, as AWS S3 sends it. */
public enum S3Fault {
    /** 503 SlowDown: S3's throttling answer; the SDK's standard retry strategy retries it. */
    SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
    /** 500 InternalError: a transient server fault; retried by the SDK as well. */
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again.");

    private final int status;
    private final String errorCode;
    private final String message;

    S3Fault(int status, String errorCode, String message) {
        this.status = status;
        this.errorCode = errorCode;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String message() {
        return message;
    }
}
