package dev.edgedeploy.core.release;

/**
 * A numbered version of the edge function, the only thing CloudFront can run.
 *
 * @param version its number
 * @param arn its qualified ARN
 * @param codeSha256 its code's hash
 * @param published whether this run published it (false: an existing version with the same code was reused)
 */
public record PublishedVersion(String version, String arn, String codeSha256, boolean published) {
}
