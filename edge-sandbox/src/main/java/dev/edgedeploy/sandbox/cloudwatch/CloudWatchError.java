package dev.edgedeploy.sandbox.cloudwatch;

import java.util.List;

/**
 * An error CloudWatch answers in its AWS Query envelope
 * ({@code <ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>…}); the code and
 * status are what make the SDK raise the matching typed exception (e.g. {@code InvalidParameterValue} →
 * {@code InvalidParameterValueException}).
 */
final class CloudWatchError extends RuntimeException {

    private final int status;
    private final String code;
    private final boolean sender;

    private CloudWatchError(int status, String code, String message, boolean sender) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.sender = sender;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** {@code Sender} for the caller's mistakes, {@code Receiver} for the service's. */
    String type() {
        return sender ? "Sender" : "Receiver";
    }

    /** Constraint violations of the service model, reported together as Coral does. */
    static CloudWatchError validation(List<String> violations) {
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        return new CloudWatchError(400, "ValidationError",
                count + " detected: " + String.join("; ", violations), true);
    }

    static CloudWatchError validation(String message) {
        return new CloudWatchError(400, "ValidationError", message, true);
    }

    static CloudWatchError invalidParameterValue(String message) {
        return new CloudWatchError(400, "InvalidParameterValue", message, true);
    }

    static CloudWatchError invalidParameterCombination(String message) {
        return new CloudWatchError(400, "InvalidParameterCombination", message, true);
    }

    static CloudWatchError missingParameter(String message) {
        return new CloudWatchError(400, "MissingParameter", message, true);
    }

    static CloudWatchError invalidFormat(String message) {
        return new CloudWatchError(400, "InvalidFormat", message, true);
    }

    static CloudWatchError invalidNextToken() {
        return new CloudWatchError(400, "InvalidNextToken", "The service returned an invalid next token.", true);
    }

    static CloudWatchError resourceNotFound(String message) {
        return new CloudWatchError(404, "ResourceNotFound", message, true);
    }

    static CloudWatchError invalidAction(String action) {
        return new CloudWatchError(400, "InvalidAction",
                "The action " + action + " is not valid for this web service.", true);
    }

    static CloudWatchError missingAuthenticationToken() {
        return new CloudWatchError(403, "MissingAuthenticationToken", "Request is missing Authentication Token",
                true);
    }

    static CloudWatchError incompleteSignature(String message) {
        return new CloudWatchError(400, "IncompleteSignature", message, true);
    }

    static CloudWatchError signatureDoesNotMatch(String message) {
        return new CloudWatchError(403, "SignatureDoesNotMatch", message, true);
    }

    static CloudWatchError accessDenied(String message) {
        return new CloudWatchError(403, "AccessDenied", message, true);
    }

    static CloudWatchError throttling() {
        return new CloudWatchError(400, "Throttling", "Rate exceeded", true);
    }

    /** A transient failure of CloudWatch; the SDK retries a 503. */
    static CloudWatchError serviceUnavailable() {
        return new CloudWatchError(503, "ServiceUnavailable", "Service is unavailable; try again.", false);
    }

    static CloudWatchError internal() {
        return new CloudWatchError(500, "InternalServiceError", "Internal service error", false);
    }
}
