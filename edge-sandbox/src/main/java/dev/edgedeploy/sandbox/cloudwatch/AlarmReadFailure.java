package dev.edgedeploy.sandbox.cloudwatch;

/** How DescribeAlarms fails while a test asks it to, so callers can be tested for failing closed. */
public enum AlarmReadFailure {

    /** 403 {@code AccessDenied}, as IAM answers a caller without {@code cloudwatch:DescribeAlarms}. */
    ACCESS_DENIED,
    /** 400 {@code Throttling} "Rate exceeded" (the SDK retries it). */
    THROTTLING,
    /** 500 {@code InternalServiceError} (the SDK retries it). */
    INTERNAL_ERROR;

    CloudWatchError error() {
        return switch (this) {
            case ACCESS_DENIED -> CloudWatchError.accessDenied(
                    "User is not authorized to perform: cloudwatch:DescribeAlarms");
            case THROTTLING -> CloudWatchError.throttling();
            case INTERNAL_ERROR -> CloudWatchError.internal();
        };
    }
}
