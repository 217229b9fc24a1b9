package dev.edgedeploy.sandbox.cloudfront;

import java.util.List;

/**
 * A refusal CloudFront answers with an {@code ErrorResponse} document. The SDK picks the typed exception by
 * {@link #code()}; the HTTP status is the one the service model gives the error shape
 * ({@code NoSuchDistribution} 404, {@code PreconditionFailed} 412, {@code DistributionAlreadyExists} 409, …).
 */
final class CloudFrontError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    private CloudFrontError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** {@code Sender} for the caller's mistakes, {@code Receiver} for the service's own failures. */
    String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    static CloudFrontError noSuchDistribution() {
        return new CloudFrontError(404, "NoSuchDistribution", "The specified distribution does not exist.");
    }

    /** UpdateDistribution without an If-Match header (message as AWS words it, aws/aws-sdk-js#1669). */
    static CloudFrontError invalidIfMatchVersion() {
        return new CloudFrontError(400, "InvalidIfMatchVersion",
                "The If-Match version is missing or not valid for the resource.");
    }

    /** A stale If-Match (message as AWS words it, pulumi/pulumi-aws#308). */
    static CloudFrontError preconditionFailed() {
        return new CloudFrontError(412, "PreconditionFailed",
                "The request failed because it didn't meet the preconditions in one or more request-header fields.");
    }

    /** Message as AWS words it (aws/aws-sdk-js-v3#2618, status 409 in awslabs/aws-saas-boost#153). */
    static CloudFrontError distributionAlreadyExists(String existingId) {
        return new CloudFrontError(409, "DistributionAlreadyExists", "The caller reference that you are using to "
                + "create a distribution is associated with another distribution. Already exists: " + existingId);
    }

    static CloudFrontError illegalUpdate(String message) {
        return new CloudFrontError(400, "IllegalUpdate", message);
    }

    static CloudFrontError invalidArgument(String message) {
        return new CloudFrontError(400, "InvalidArgument", message);
    }

    static CloudFrontError inconsistentQuantities() {
        return new CloudFrontError(400, "InconsistentQuantities",
                "The value of Quantity and the size of Items don't match.");
    }

    static CloudFrontError noSuchOrigin(String message) {
        return new CloudFrontError(400, "NoSuchOrigin", message);
    }

    /** The sandbox knows only AWS's managed cache policies (it has no CreateCachePolicy). */
    static CloudFrontError noSuchCachePolicy() {
        return new CloudFrontError(404, "NoSuchCachePolicy", "The cache policy does not exist.");
    }

    static CloudFrontError noSuchResponseHeadersPolicy() {
        return new CloudFrontError(404, "NoSuchResponseHeadersPolicy", "The response headers policy does not exist.");
    }

    static CloudFrontError invalidTtlOrder() {
        return new CloudFrontError(400, "InvalidTTLOrder", "The TTL order specified is not valid.");
    }

    static CloudFrontError missingBody() {
        return new CloudFrontError(400, "MissingBody", "This operation requires a body. Ensure that the body is "
                + "present and the Content-Type header is set.");
    }

    /**
     * What CloudFront's front door answers for a body that is not a well-formed document of the expected shape,
     * and for null required members: {@code 1 validation error detected: Value null at '…' failed to satisfy
     * constraint: Member must not be null} (aws-cloudformation/cfn-lint#672).
     */
    static CloudFrontError malformedXml(String message) {
        return new CloudFrontError(400, "MalformedXML", message);
    }

    static CloudFrontError validation(List<String> violations) {
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        return malformedXml(count + " detected: " + String.join("; ", violations));
    }

    static CloudFrontError invalidLambdaFunctionAssociation(String message) {
        return new CloudFrontError(400, "InvalidLambdaFunctionAssociation", message);
    }

    static CloudFrontError tooManyLambdaFunctionAssociations() {
        return new CloudFrontError(400, "TooManyLambdaFunctionAssociations", "Your request contains more Lambda "
                + "function associations than are allowed per distribution.");
    }

    /** What AWS answers a request without a Signature Version 4 {@code Authorization} header. */
    static CloudFrontError missingAuthenticationToken() {
        return new CloudFrontError(403, "MissingAuthenticationToken", "Missing Authentication Token");
    }

    static CloudFrontError incompleteSignature() {
        return new CloudFrontError(403, "IncompleteSignature", "Authorization header requires 'Credential', "
                + "'Signature' and 'SignedHeaders' parameters of the AWS4-HMAC-SHA256 scheme.");
    }

    static CloudFrontError signatureDoesNotMatch(String message) {
        return new CloudFrontError(403, "SignatureDoesNotMatch", message);
    }

    static CloudFrontError unknownOperation(String method, String path) {
        return new CloudFrontError(404, "UnknownOperationException", "No operation matches " + method + " " + path);
    }

    /** CloudFront's rate limit answer; the SDK retries it as throttling. */
    static CloudFrontError throttling() {
        return new CloudFrontError(400, "Throttling", "Rate exceeded");
    }

    /** A transient failure of CloudFront; the SDK retries a 503. */
    static CloudFrontError serviceUnavailable() {
        return new CloudFrontError(503, "ServiceUnavailable", "CloudFront is unavailable; try again.");
    }

    static CloudFrontError internalFailure(String message) {
        return new CloudFrontError(500, "InternalFailure", message);
    }
}
