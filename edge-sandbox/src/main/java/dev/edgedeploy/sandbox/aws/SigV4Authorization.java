package dev.edgedeploy.sandbox.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential scope of an AWS Signature Version 4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=…}.
 * Every sandbox service refuses a request without one, as AWS does; the signature itself is not recomputed.
 *
 * @param accessKeyId the access key that signed the request (never the secret)
 * @param date the scope's date, yyyymmdd
 * @param region the region the request was signed for
 * @param service the signing name, e.g. {@code lambda}, {@code cloudfront}, {@code codedeploy}, {@code route53}
 */
public record SigV4Authorization(String accessKeyId, String date, String region, String service) {

    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=[^,\\s]+\\s*,\\s*Signature=[0-9a-f]{64}\\s*");

    /** The scope of a well-formed header, or empty for a missing or malformed one. */
    public static Optional<SigV4Authorization> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = HEADER.matcher(header.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SigV4Authorization(matcher.group(1), matcher.group(2), matcher.group(3),
                matcher.group(4)));
    }
}
