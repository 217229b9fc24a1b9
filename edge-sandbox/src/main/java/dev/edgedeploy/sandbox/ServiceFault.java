package dev.edgedeploy.sandbox;

/**
 * A failure a sandbox control plane (Lambda, CloudFront, CloudWatch, CodeDeploy, Route53) can answer a request with,
 * each service in its own protocol with the error AWS itself uses, so the AWS SDK classifies it as with AWS:
 *
 * <table>
 *   <caption>The error of each fault per service</caption>
 *   <tr><th></th><th>{@link #THROTTLING}</th><th>{@link #SERVER_ERROR}</th></tr>
 *   <tr><td>Lambda</td><td>429 {@code TooManyRequestsException} (Reason CallerRateLimitExceeded)</td>
 *       <td>500 {@code ServiceException}</td></tr>
 *   <tr><td>CloudFront</td><td>400 {@code Throttling}</td><td>503 {@code ServiceUnavailable}</td></tr>
 *   <tr><td>CloudWatch</td><td>400 {@code Throttling}</td><td>503 {@code ServiceUnavailable}</td></tr>
 *   <tr><td>CodeDeploy</td><td>400 {@code ThrottlingException}</td><td>500 {@code InternalFailure}</td></tr>
 *   <tr><td>Route53</td><td>400 {@code Throttling}</td><td>400 {@code PriorRequestNotComplete}</td></tr>
 * </table>
 *
 * The SDK's standard retry strategy retries every one of them (throttling codes with the throttling back-off, 5xx as
 * transient); when its attempts are spent it throws the service's exception with that error code. In every case the
 * operation is not done.
 */
public enum ServiceFault {
    /** The service's rate limit answer. */
    THROTTLING,
    /**
     * A transient failure of the service: its internal error (Route53, whose API answers concurrent changes with it,
     * uses PriorRequestNotComplete, which the SDK also retries).
     */
    SERVER_ERROR
}
