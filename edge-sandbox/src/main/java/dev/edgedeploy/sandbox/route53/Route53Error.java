package dev.edgedeploy.sandbox.route53;

import java.util.List;

/**
 * A refusal Route53 answers with an {@code ErrorResponse} document; the SDK picks the typed exception by {@link #code()}
 * and the HTTP status comes from the service model ({@code NoSuchHostedZone} 404, {@code InvalidInput} 400, …).
 */
final class Route53Error extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String type;

    private Route53Error(int status, String code, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.type = type;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** {@code Sender} or {@code Receiver}, as in AWS's {@code <Error><Type>}. */
    String type() {
        return type;
    }

    static Route53Error invalidInput(String message) {
        return new Route53Error(400, "InvalidInput", "Sender", message);
    }

    /**
     * AWS reports every problem of a batch in one message, as a bracketed comma-separated list
     * ({@code [Tried to create … but it already exists, RRSet with DNS name … is not permitted in zone …]}).
     */
    static Route53Error invalidChangeBatch(List<String> messages) {
        return new Route53Error(400, "InvalidChangeBatch", "Sender", "[" + String.join(", ", messages) + "]");
    }

    static Route53Error noSuchHostedZone(String id) {
        return new Route53Error(404, "NoSuchHostedZone", "Sender", "No hosted zone found with ID: " + id);
    }

    static Route53Error noSuchHealthCheck(String id) {
        return new Route53Error(404, "NoSuchHealthCheck", "Sender", "A health check with id " + id + " does not exist.");
    }

    static Route53Error noSuchChange(String id) {
        return new Route53Error(404, "NoSuchChange", "Sender", "A change with the specified change ID " + id
                + " does not exist.");
    }

    static Route53Error hostedZoneAlreadyExists(String name, String callerReference) {
        return new Route53Error(409, "HostedZoneAlreadyExists", "Sender", "A hosted zone has already been created "
                + "with the specified caller reference " + callerReference + " (zone " + name + ").");
    }

    static Route53Error healthCheckAlreadyExists(String callerReference) {
        return new Route53Error(409, "HealthCheckAlreadyExists", "Sender", "A health check with the caller reference "
                + callerReference + " already exists, with different settings.");
    }

    static Route53Error invalidDomainName(String message) {
        return new Route53Error(400, "InvalidDomainName", "Sender", message);
    }

    static Route53Error invalidPaginationToken(String message) {
        return new Route53Error(400, "InvalidPaginationToken", "Sender", message);
    }

    static Route53Error malformedInput(String message) {
        return new Route53Error(400, "MalformedInput", "Sender", message);
    }

    /** What AWS answers a request without a usable Signature Version 4 {@code Authorization} header. */
    static Route53Error missingAuthenticationToken() {
        return new Route53Error(403, "MissingAuthenticationToken", "Sender", "Missing Authentication Token");
    }

    static Route53Error incompleteSignature() {
        return new Route53Error(403, "IncompleteSignature", "Sender", "Authorization header requires 'Credential', "
                + "'Signature' and 'SignedHeaders' parameters of the AWS4-HMAC-SHA256 scheme.");
    }

    static Route53Error signatureDoesNotMatch(String message) {
        return new Route53Error(403, "SignatureDoesNotMatch", "Sender", message);
    }

    static Route53Error internalFailure() {
        return new Route53Error(500, "InternalFailure", "Receiver", "The sandbox Route53 failed to process the "
                + "request; see its log.");
    }

    /** Route53's rate limit answer; the SDK retries it as throttling. */
    static Route53Error throttling() {
        return new Route53Error(400, "Throttling", "Sender", "Rate exceeded");
    }

    /** Route53's answer while an earlier change of the same resource is still being processed; the SDK retries it. */
    static Route53Error priorRequestNotComplete() {
        return new Route53Error(400, "PriorRequestNotComplete", "Sender", "The request was rejected because Route 53 "
                + "was still processing a prior request.");
    }

    static Route53Error unknownOperation(String method, String path) {
        return new Route53Error(404, "UnknownOperationException", "Sender", "No operation matches " + method + " "
                + path);
    }
}
