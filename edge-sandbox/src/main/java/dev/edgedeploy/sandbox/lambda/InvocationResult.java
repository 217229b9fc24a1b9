package dev.edgedeploy.sandbox.lambda;

/**
 * The answer to an Invoke call. The payload array is shared, not copied: do not modify it.
 *
 * @param status 200 (RequestResponse), 202 (Event) or 204 (DryRun)
 * @param payload the function's JSON result or error document
 * @param functionError {@code Unhandled} when the function failed, else null
 * @param executedVersion the version that ran, for {@code X-Amz-Executed-Version}
 * @param logResult base64 of the last 4 KB of the log, when the caller asked for {@code X-Amz-Log-Type: Tail}
 */
public record InvocationResult(int status, byte[] payload, String functionError, String executedVersion,
        String logResult) {
}
