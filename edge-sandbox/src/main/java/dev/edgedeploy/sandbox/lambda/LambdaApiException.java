package dev.edgedeploy.sandbox.lambda;

import java.util.List;
import java.util.Map;

/**
 * An error Lambda answers with: the error code the SDK maps to a typed exception ({@code x-amzn-ErrorType}),
 * the HTTP status the service model gives it, and the JSON body AWS sends. In-process callers of
 * {@link LambdaService} receive the same errors as this exception.
 */
public final class LambdaApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorType;
    private final Map<String, Object> body;
    private final Map<String, String> headers;

    private LambdaApiException(int status, String errorType, String message, Map<String, Object> body,
            Map<String, String> headers) {
        super(message);
        this.status = status;
        this.errorType = errorType;
        this.body = body;
        this.headers = headers;
    }

    /** The HTTP status, e.g. 404. */
    public int status() {
        return status;
    }

    /** The error code, e.g. {@code ResourceNotFoundException}. */
    public String errorType() {
        return errorType;
    }

    Map<String, Object> body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }

    static LambdaApiException invalidParameter(String message) {
        return user(400, "InvalidParameterValueException", "message", message);
    }

    /** Lambda spells this one's message member with a capital M (service model shape ResourceNotFoundException). */
    static LambdaApiException notFound(String message) {
        return user(404, "ResourceNotFoundException", "Message", message);
    }

    static LambdaApiException conflict(String message) {
        return user(409, "ResourceConflictException", "message", message);
    }

    static LambdaApiException preconditionFailed(String message) {
        return user(412, "PreconditionFailedException", "message", message);
    }

    static LambdaApiException invalidRequestContent(String message) {
        return user(400, "InvalidRequestContentException", "message", message);
    }

    static LambdaApiException unsupportedMediaType(String message) {
        return user(415, "UnsupportedMediaTypeException", "message", message);
    }

    static LambdaApiException requestTooLarge(String operation, long limit) {
        return user(413, "RequestEntityTooLargeException", "message",
                "Request must be smaller than " + limit + " bytes for the " + operation + " operation");
    }

    static LambdaApiException invokePayloadTooLarge(long limit) {
        return user(413, "RequestTooLargeException", "message",
                "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }

    static LambdaApiException tooManyRequests(String reason) {
        String message = "Rate Exceeded.";
        return new LambdaApiException(429, "TooManyRequestsException", message,
                Map.of("Type", "User", "message", message, "Reason", reason), Map.of("Retry-After", "1"));
    }

    static LambdaApiException service(String message) {
        return new LambdaApiException(500, "ServiceException", message,
                Map.of("Type", "Service", "message", message), Map.of());
    }

    static LambdaApiException invalidRuntime(String message) {
        return user(502, "InvalidRuntimeException", "message", message);
    }

    static LambdaApiException unknownOperation() {
        return new LambdaApiException(404, "UnknownOperationException", "Unknown operation",
                Map.of("Type", "User", "message", "Unknown operation"), Map.of());
    }

    static LambdaApiException missingAuthentication() {
        String message = "Missing Authentication Token";
        return new LambdaApiException(403, "MissingAuthenticationTokenException", message,
                Map.of("message", message), Map.of());
    }

    static LambdaApiException incompleteSignature(String message) {
        return new LambdaApiException(403, "IncompleteSignatureException", message, Map.of("message", message),
                Map.of());
    }

    static LambdaApiException invalidSignature(String message) {
        return new LambdaApiException(403, "InvalidSignatureException", message, Map.of("message", message),
                Map.of());
    }

    static LambdaApiException serialization(String message) {
        return new LambdaApiException(400, "SerializationException", message, Map.of("message", message),
                Map.of());
    }

    /** The request violated the service model's constraints (pattern, length, range, required, enum). */
    static LambdaApiException validation(List<String> violations) {
        String message = violations.size() + (violations.size() == 1 ? " validation error" : " validation errors")
                + " detected: " + String.join("; ", violations);
        return new LambdaApiException(400, "ValidationException", message, Map.of("message", message), Map.of());
    }

    private static LambdaApiException user(int status, String errorType, String messageMember, String message) {
        return new LambdaApiException(status, errorType, message, Map.of("Type", "User", messageMember, message),
                Map.of());
    }
}
