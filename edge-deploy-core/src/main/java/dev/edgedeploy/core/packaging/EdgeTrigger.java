package dev.edgedeploy.core.packaging;

import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.event.ByteSize;
import java.util.Optional;

/**
 * The CloudFront event the edge function is associated with, and the Lambda@Edge quotas that follow from it
 * (CloudFront developer guide, "Quotas on Lambda@Edge"): the one home of those limits.
 */
public enum EdgeTrigger {

    /** Runs on cache misses only; generated responses are cached by CloudFront. The default. */
    ORIGIN_REQUEST("origin-request", 50L * 1024 * 1024, 1024L * 1024),
    /** Runs on every request; tight limits. */
    VIEWER_REQUEST("viewer-request", 1024L * 1024, 40L * 1024);

    /** Room kept for the headers of the generated response (content-type, cache-control, etag, vary, cors…). */
    public static final int HEADER_BUDGET_BYTES = 1024;
    /**
     * Room kept for the client error beacon the edge prepends to the entry (edge-runtime {@code error-beacon.mjs}:
     * 791 bytes as text, less gzipped), so an entry that passes here still fits once released.
     */
    public static final int ERROR_BEACON_BUDGET_BYTES = 1024;

    private final String eventType;
    private final long maxBundleBytes;
    private final long maxGeneratedResponseBytes;

    EdgeTrigger(String eventType, long maxBundleBytes, long maxGeneratedResponseBytes) {
        this.eventType = eventType;
        this.maxBundleBytes = maxBundleBytes;
        this.maxGeneratedResponseBytes = maxGeneratedResponseBytes;
    }

    /** Reads a trigger as the pom names it: its CloudFront event type, e.g. {@code origin-request}. */
    public static EdgeTrigger parse(String eventType) {
        for (EdgeTrigger trigger : values()) {
            if (trigger.eventType.equals(eventType == null ? null : eventType.trim())) {
                return trigger;
            }
        }
        throw dev.edgedeploy.core.InvalidInputException.of(new Problem("<trigger> / -DedgeDeploy.trigger",
                "'" + eventType + "' is not a trigger the entry can be served from.",
                "use origin-request (the default: 1 MB responses, cached by CloudFront) or viewer-request."));
    }

    /** CloudFront's EventType value. */
    public String eventType() {
        return eventType;
    }

    /** Largest zipped function package. */
    public long maxBundleBytes() {
        return maxBundleBytes;
    }

    /** Largest response the function may generate, headers and body. */
    public long maxGeneratedResponseBytes() {
        return maxGeneratedResponseBytes;
    }

    /**
     * The largest response the handler generates for the entry: the gzip body travels base64-encoded (4/3 of its
     * size), viewers without gzip get the identity body, and both come with the error beacon and headers.
     */
    public static long generatedResponseBytes(long identityBytes, long gzipBytes) {
        long gzipBase64 = 4 * ((gzipBytes + 2) / 3);
        return Math.max(identityBytes, gzipBase64) + ERROR_BEACON_BUDGET_BYTES + HEADER_BUDGET_BYTES;
    }

    /** A problem naming the entry file when its inlined response would exceed this trigger's limit. */
    public Optional<Problem> checkEntry(String entryName, long identityBytes, long gzipBytes) {
        long response = generatedResponseBytes(identityBytes, gzipBytes);
        if (response <= maxGeneratedResponseBytes) {
            return Optional.empty();
        }
        String fix = this == ORIGIN_REQUEST
                ? "make the entry smaller: keep only the loader in it and lazy-load the rest with dynamic import()."
                : "make the entry smaller (lazy-load more code with dynamic import()), or use the origin-request"
                        + " trigger (<trigger>origin-request</trigger>, limit " + ByteSize.format(
                        ORIGIN_REQUEST.maxGeneratedResponseBytes) + ").";
        return Optional.of(new Problem(entryName, "the entry is inlined into the edge function's generated response,"
                + " which would be up to " + response + " bytes (" + identityBytes + " bytes as is for viewers without"
                + " gzip, " + gzipBytes + " bytes gzip = " + 4 * ((gzipBytes + 2) / 3) + " as base64, plus "
                + HEADER_BUDGET_BYTES + " for headers); the " + eventType + " trigger allows "
                + maxGeneratedResponseBytes + " bytes (" + ByteSize.format(maxGeneratedResponseBytes) + ").", fix));
    }

    /** A problem naming the bundle when it exceeds this trigger's zipped-size limit. */
    public Optional<Problem> checkBundle(String bundleName, long bundleBytes) {
        if (bundleBytes <= maxBundleBytes) {
            return Optional.empty();
        }
        return Optional.of(new Problem(bundleName, "the edge bundle is " + bundleBytes + " bytes zipped; the "
                + eventType + " trigger allows " + maxBundleBytes + " bytes (" + ByteSize.format(maxBundleBytes) + ").",
                "make the entry smaller (lazy-load more code with dynamic import())"
                        + (this == VIEWER_REQUEST ? ", or use the origin-request trigger." : ".")));
    }
}
